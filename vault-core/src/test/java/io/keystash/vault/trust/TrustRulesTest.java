package io.keystash.vault.trust;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.LegacyFormat;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Profile;
import io.keystash.vault.profile.ProfileLoader;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.rotation.MetadataEdit;
import io.keystash.vault.rotation.RotationResult;
import io.keystash.vault.rotation.Rotator;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.transfer.ExportedKey;
import io.keystash.vault.transfer.ImportSet;
import io.keystash.vault.transfer.ImportSummary;
import io.keystash.vault.transfer.Importer;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The approval rules end to end on a real vault: what the local user stores is approved, what an
 * import brings is not — not run by rotation, not served by a profile — until approved, a change
 * made elsewhere needs approving again, and a vault from before approvals keeps its commands.
 */
class TrustRulesTest {
    private static final LocalDate YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);

    @TempDir
    Path dir;
    private VaultStore store;
    private KeyFileKey key;
    private Path marker;

    @BeforeEach
    void vault() throws Exception {
        store = VaultStore.at(VaultPaths.of(dir.resolve("vault"), dir.resolve("home")));
        key = KeyFileKey.generate();
        store.create(key, null);
        marker = dir.resolve("ran");
    }

    @AfterEach
    void wipe() {
        key.close();
    }

    private static Secret secret(String text) throws VaultException {
        return Secret.ofUtf8(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A command that leaves a mark when it runs (as the attack's {@code id > FILE} would) and prints a value. */
    private String marking(String value) {
        return "echo ran >> '" + marker + "'; printf " + value;
    }

    private ImportSummary importKey(String name, KeyMetadata metadata, String value, boolean force) throws VaultException {
        Instant now = Instant.now();
        KeyEntry entry = new KeyEntry(name, now, metadata, List.of(new KeyVersion(1, now, "mallory@elsewhere", "store")));
        Map<Integer, Secret> values = new HashMap<>();
        values.put(1, secret(value));
        try (ImportSet set = new ImportSet(List.of(new ExportedKey(entry, values)), true, List.of(), false)) {
            return store.update(key, vault -> Importer.apply(vault, set, force, "t"));
        }
    }

    private TrustStatus status(String name) throws VaultException {
        try (Vault vault = store.open(key)) {
            return KeyReview.of(vault, name).status();
        }
    }

    private void trust(String name) throws VaultException {
        try (Vault vault = store.open(key)) {
            KeyReview.approve(vault, store.state(), List.of(KeyReview.of(vault, name)));
        }
    }

    private boolean valueIs(String name, String expected) throws VaultException {
        try (Vault vault = store.open(key); Secret value = vault.value(name); Secret want = secret(expected)) {
            return value.sameValueAs(want);
        }
    }

    private Rotator rotator() throws VaultException {
        return Rotator.withDiscoveredProviders(store, Clock.systemUTC());
    }

    @Test
    void whatTheLocalUserStoresIsApprovedAndADeletedKeyIsForgotten() throws Exception {
        KeyMetadata metadata = KeyMetadata.builder().rotateCommand(marking("new")).expires(YESTERDAY).build();
        store.update(key, vault -> vault.storeKey("api", metadata, secret("old"), "t"));
        assertThat(status("api")).isEqualTo(TrustStatus.APPROVED);
        Path stateFile;
        try (Vault vault = store.open(key)) {
            stateFile = store.state().folder().resolve("vault-" + vault.vaultId().hex());
        }
        assertThat(Files.readString(stateFile)).contains("approve api " + SensitiveConfig.of(metadata).fingerprint());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile))).isEqualTo("rw-------");

        List<RotationResult> results = rotator().rotateDue(key, 0, false);
        assertThat(results).extracting(RotationResult::outcome).containsExactly(RotationResult.Outcome.ROTATED);
        assertThat(marker).exists();

        store.update(key, vault -> vault.deleteKey("api"));
        assertThat(Files.readString(stateFile)).doesNotContain("approve api");
    }

    @Test
    void anImportedRotateCommandIsNotRunUntilTrustedAndAChangeFromElsewhereNeedsTrustAgain() throws Exception {
        KeyMetadata crafted = KeyMetadata.builder().rotateCommand(marking("attacker")).expires(YESTERDAY).build();
        ImportSummary summary = importKey("api", crafted, "old", false);
        assertThat(summary.unapproved()).containsExactly("api");
        assertThat(status("api")).isEqualTo(TrustStatus.UNAPPROVED);

        List<RotationResult> results = rotator().rotateDue(key, 0, false);
        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isEqualTo(RotationResult.Outcome.FAILED);
            assertThat(result.message()).contains("'api' was not rotated").contains("rotate command")
                    .contains("keystash trust api");
        });
        assertThat(rotator().rotateDue(key, 0, true)).singleElement()
                .satisfies(result -> assertThat(result.failed()).as("a dry run says so too").isTrue());
        assertThat(rotator().rotateWithProvider(key, "api", MetadataEdit.NONE, false).failed()).isTrue();
        assertThat(marker).doesNotExist();
        assertThat(valueIs("api", "old")).isTrue();

        trust("api");
        assertThat(status("api")).isEqualTo(TrustStatus.APPROVED);
        assertThat(rotator().rotateDue(key, 0, false)).extracting(RotationResult::outcome)
                .containsExactly(RotationResult.Outcome.ROTATED);
        assertThat(marker).exists();
        assertThat(valueIs("api", "attacker")).isTrue();

        KeyMetadata changedElsewhere = crafted.toBuilder().rotateCommand(marking("other")).build();
        importKey("api", changedElsewhere, "newer", true);
        assertThat(status("api")).isEqualTo(TrustStatus.UNAPPROVED);
    }

    @Test
    void anUnapprovedValidateCommandIsNeverGivenTheNextValue() throws Exception {
        Path seen = dir.resolve("seen");
        importKey("api", KeyMetadata.builder().validateCommand("cat > '" + seen + "'").build(), "old", false);

        assertThatThrownBy(() -> rotator().rotate(key, "api", secret("next-value"), MetadataEdit.NONE))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.CONFLICT);
                    assertThat(e.getMessage()).contains("validate command of 'api' is not approved")
                            .contains("keystash trust api").doesNotContain("next-value");
                });
        assertThatThrownBy(() -> rotator().previewRotate(key, "api", MetadataEdit.NONE))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CONFLICT));
        assertThat(seen).doesNotExist();
        assertThat(valueIs("api", "old")).isTrue();

        MetadataEdit mine = metadata -> metadata.toBuilder().validateCommand("cat > '" + seen + "'; true").build();
        assertThat(rotator().rotate(key, "api", secret("next-value"), mine).outcome()).isEqualTo(RotationResult.Outcome.ROTATED);
        assertThat(seen).as("a validate command set by the rotation itself is the user's").exists();
        assertThat(status("api")).as("and then nothing from elsewhere is left").isEqualTo(TrustStatus.APPROVED);
    }

    @Test
    void aCommandSetLocallyOnAnImportedKeyLeavesWhatCameWithTheImportUnapproved() throws Exception {
        importKey("api", KeyMetadata.builder().setting("SERVICE_URL", "https://elsewhere.example").expires(YESTERDAY).build(),
                "old", false);
        MetadataEdit mine = metadata -> metadata.toBuilder().rotateCommand(marking("mine")).build();
        RotationResult result = rotator().rotateWithProvider(key, "api", mine, false);
        assertThat(result.failed()).as("its URL setting came from the import").isTrue();
        assertThat(marker).doesNotExist();

        store.update(key, vault -> vault.storeKey("own", KeyMetadata.builder().expires(YESTERDAY).build(), secret("o"), "t"));
        MetadataEdit ownCommand = metadata -> metadata.toBuilder().rotateCommand(marking("own-new")).build();
        assertThat(rotator().rotateWithProvider(key, "own", ownCommand, false).outcome()).isEqualTo(RotationResult.Outcome.ROTATED);
        assertThat(status("own")).isEqualTo(TrustStatus.APPROVED);
    }

    @Test
    void anUnapprovedUrlSettingIsNotServedButTheKeyIsUntilTrusted() throws Exception {
        KeyMetadata imported = KeyMetadata.builder().provider("openai").setting("OPENAI_BASE_URL", "https://elsewhere.example/v1")
                .setting("OPENAI_ORG_ID", "org-1").build();
        importKey("openai", imported, "sk-imported", false);
        store.update(key, vault -> {
            vault.createProfile("prod");
            return vault.bind("prod", new Binding("openai", "OPENAI_API_KEY", null));
        });

        ResolvedProfile resolved = ProfileLoader.load(store.paths(), key, "prod");
        assertThat(resolved.environment()).containsOnlyKeys("OPENAI_API_KEY", "OPENAI_ORG_ID");
        assertThat(resolved.withheld()).isEqualTo(Map.of("openai", List.of("OPENAI_BASE_URL")));
        assertThat(resolved.withheldLines()).containsExactly("not serving OPENAI_BASE_URL of key 'openai': set by an import or "
                + "another member and not approved on this machine (run: keystash trust openai)");

        trust("openai");
        ResolvedProfile trusted = ProfileLoader.load(store.paths(), key, "prod");
        assertThat(trusted.environment()).containsEntry("OPENAI_BASE_URL", "https://elsewhere.example/v1");
        assertThat(trusted.withheld()).isEmpty();
    }

    @Test
    void importWithTrustApprovesWhatItBringsAndASecondRunApprovesKeysItLeftUnchanged() throws Exception {
        KeyMetadata metadata = KeyMetadata.builder().rotateCommand("printf x").build();
        importKey("api", metadata, "v", false);
        assertThat(status("api")).isEqualTo(TrustStatus.UNAPPROVED);
        Instant now = Instant.now();
        KeyEntry entry = new KeyEntry("api", now, metadata, List.of(new KeyVersion(1, now, "t", "store")));
        Map<Integer, Secret> values = new HashMap<>();
        values.put(1, secret("v"));
        try (ImportSet set = new ImportSet(List.of(new ExportedKey(entry, values)), true, List.of(new Profile("p", List.of())), false)) {
            store.update(key, vault -> Importer.apply(vault, set, false, "t", true));
        }
        assertThat(status("api")).isEqualTo(TrustStatus.APPROVED);
    }

    @Test
    void aVaultFromBeforeApprovalsKeepsItsCommandsAndItsFirstWriteRecordsThem() throws Exception {
        writeFormat2Vault(KeyMetadata.builder().rotateCommand(marking("legacy-rotated")).expires(YESTERDAY).build());
        try (Vault vault = store.open(key)) {
            assertThat(vault.vaultId()).isNull();
            assertThat(KeyReview.of(vault, "legacy").status()).isEqualTo(TrustStatus.APPROVED);
        }
        // The upgrade write also brings an import: the keys from before are approved, the import's are not.
        ImportSummary summary = importKey("incoming", KeyMetadata.builder().rotateCommand("printf x").build(), "i", false);
        assertThat(summary.unapproved()).containsExactly("incoming");
        try (Vault vault = store.open(key)) {
            assertThat(vault.vaultId()).as("upgraded").isNotNull();
        }
        assertThat(status("legacy")).isEqualTo(TrustStatus.APPROVED);
        assertThat(status("incoming")).isEqualTo(TrustStatus.UNAPPROVED);

        assertThat(rotator().rotateDue(key, 0, false)).extracting(RotationResult::outcome)
                .containsExactly(RotationResult.Outcome.ROTATED);
        assertThat(marker).exists();
        assertThat(valueIs("legacy", "legacy-rotated")).isTrue();
    }

    /** Replaces the vault with a format 2 one holding key {@code legacy} (value {@code old}) with {@code metadata}. */
    private void writeFormat2Vault(KeyMetadata metadata) throws Exception {
        VaultStore scratch = VaultStore.at(VaultPaths.of(dir.resolve("scratch"), dir.resolve("scratch-home")));
        scratch.create(key, null);
        scratch.update(key, vault -> vault.storeKey("legacy", metadata, secret("old"), "t"));
        byte[] format3 = Files.readAllBytes(dir.resolve("scratch"));
        try (DataKey dataKey = KeySlots.unlock(VaultCodec.parse(format3).header(), key).dataKey()) {
            Files.write(dir.resolve("vault"), LegacyFormat.asFormat2(format3, List.of(LegacyFormat.keyFileSlot(dataKey, key, 1)),
                    dataKey.fileMacKey()));
        }
        Files.setPosixFilePermissions(dir.resolve("vault"), PosixFilePermissions.fromString("rw-------"));
        deleteTree(dir.resolve("home").resolve("state"));
    }

    private static void deleteTree(Path path) throws Exception {
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
