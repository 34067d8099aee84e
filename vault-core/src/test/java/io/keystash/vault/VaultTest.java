package io.keystash.vault;

import io.keystash.vault.crypto.Pbkdf2Params;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.EncodedFile;
import io.keystash.vault.format.ParsedVault;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Profile;
import io.keystash.vault.model.RateLimit;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;
import io.keystash.vault.unlock.Passphrase;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.keystash.vault.TestVaults.FAST_KDF;
import static io.keystash.vault.TestVaults.passphrase;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every {@link Vault} operation, written through {@link VaultStore#update} and checked after reopening. */
class VaultTest {
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");

    @TempDir
    Path dir;

    private VaultStore store;

    @BeforeEach
    void createVault() throws Exception {
        store = TestVaults.keyFileVault(dir).withClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private <T> T write(VaultStore.Change<T> change) throws VaultException {
        try (KeyFileKey key = TestVaults.keyFile(dir)) {
            return store.update(key, change);
        }
    }

    /** Opens the vault afresh from disk. */
    private <T> T reopen(VaultStore.Change<T> query) throws VaultException {
        try (KeyFileKey key = TestVaults.keyFile(dir); Vault vault = store.open(key)) {
            return query.apply(vault);
        }
    }

    /** A check run on the vault opened afresh from disk. */
    private interface Check {
        void accept(Vault vault) throws VaultException;
    }

    private void check(Check check) throws VaultException {
        reopen(vault -> {
            check.accept(vault);
            return null;
        });
    }

    private static boolean holds(Vault vault, String name, int version, String expected) throws VaultException {
        try (Secret value = vault.value(name, version); Secret want = secret(expected)) {
            return value.sameValueAs(want);
        }
    }

    private static boolean holdsCurrent(Vault vault, String name, String expected) throws VaultException {
        try (Secret value = vault.value(name); Secret want = secret(expected)) {
            return value.sameValueAs(want);
        }
    }

    private static void assertFailure(ThrowingCallable call, Failure failure) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(failure));
    }

    private byte[] file() throws Exception {
        return Files.readAllBytes(dir.resolve("vault"));
    }

    private static KeyMetadata richMetadata() throws VaultException {
        return KeyMetadata.builder().provider("openai").description("the prod key").tags(List.of("prod", "team-a"))
                .endpoint("https://api.openai.com/v1").rateLimit(new RateLimit(60, "min"))
                .setting("OPENAI_ORG_ID", "org-1").expires(LocalDate.of(2031, 1, 1)).rotateEveryDays(90)
                .env("OPENAI_API_KEY").property("openai.apiKey").keep(5)
                .rotateCommand("rotate.sh").validateCommand("check.sh").build();
    }

    @Test
    void newVaultIsEmptyAndRemembersWhenItWasCreated() throws Exception {
        reopen(vault -> {
            assertThat(vault.keyNames()).isEmpty();
            assertThat(vault.profileNames()).isEmpty();
            assertThat(vault.created()).isBeforeOrEqualTo(Instant.now()).isAfter(Instant.now().minusSeconds(600));
            assertThat(vault.slotDescriptions()).containsExactly("key file");
            return null;
        });
    }

    @Test
    void storeKey() throws Exception {
        KeyMetadata metadata = richMetadata();
        write(vault -> vault.storeKey("openai-prod", metadata, secret("sk-1"), "ann@box"));
        reopen(vault -> {
            KeyEntry key = vault.key("openai-prod");
            assertThat(key.metadata()).isEqualTo(metadata);
            assertThat(key.created()).isEqualTo(NOW);
            assertThat(key.versions()).containsExactly(new KeyVersion(1, NOW, "ann@box", "store"));
            assertThat(holdsCurrent(vault, "openai-prod", "sk-1")).isTrue();
            assertThat(vault.keyNames()).containsExactly("openai-prod");
            return null;
        });
    }

    @Test
    void storingATakenNameFailsAndWritesNothing() throws Exception {
        write(vault -> vault.storeKey("k", TestVaults.custom(), secret("v1"), "a"));
        byte[] before = file();
        assertFailure(() -> write(vault -> vault.storeKey("k", TestVaults.custom(), secret("v2"), "a")), Failure.ALREADY_EXISTS);
        assertFailure(() -> write(vault -> vault.storeKey("bad name", TestVaults.custom(), secret("v2"), "a")), Failure.INVALID_INPUT);
        assertThat(file()).isEqualTo(before);
        check(vault -> assertThat(holdsCurrent(vault, "k", "v1")).isTrue());
    }

    @Test
    void replaceKeyKeepsHistoryAndTakesNewMetadata() throws Exception {
        write(vault -> vault.storeKey("k", TestVaults.custom(), secret("v1"), "a"));
        KeyMetadata metadata = richMetadata();
        write(vault -> vault.replaceKey("k", metadata, secret("v2"), "b"));
        reopen(vault -> {
            KeyEntry key = vault.key("k");
            assertThat(key.metadata()).isEqualTo(metadata);
            assertThat(key.versions()).extracting(KeyVersion::number).containsExactly(1, 2);
            assertThat(key.current().origin()).isEqualTo("store --force");
            assertThat(key.current().createdBy()).isEqualTo("b");
            assertThat(holdsCurrent(vault, "k", "v2")).isTrue();
            assertThat(holds(vault, "k", 1, "v1")).isTrue();
            return null;
        });
        write(vault -> vault.replaceKey("fresh", metadata, secret("f1"), "b"));
        check(vault -> assertThat(vault.key("fresh").versions()).hasSize(1));
    }

    @Test
    void newKeysAreAddedToTheCatalogWhetherOrNotItWasReadInTheSameChange() throws Exception {
        write(vault -> {
            vault.storeKey("a", KeyMetadata.builder().build(), secret("1"), "t");
            return vault.storeKey("b", KeyMetadata.builder().build(), secret("2"), "t");
        });
        // names appended without reading the catalog; a taken name is still refused
        write(vault -> {
            vault.storeKey("d", KeyMetadata.builder().build(), secret("4"), "t");
            vault.storeKey("c", KeyMetadata.builder().build(), secret("3"), "t");
            assertThatThrownBy(() -> vault.storeKey("a", KeyMetadata.builder().build(), secret("x"), "t"))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.ALREADY_EXISTS));
            assertThatThrownBy(() -> vault.storeKey("d", KeyMetadata.builder().build(), secret("x"), "t"))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.ALREADY_EXISTS));
            return null;
        });
        check(vault -> assertThat(vault.keyNames()).containsExactly("a", "b", "c", "d"));
        // appended, then the catalog read (and changed) in the same change
        write(vault -> {
            vault.storeKey("e", KeyMetadata.builder().build(), secret("5"), "t");
            assertThat(vault.keyNames()).containsExactly("a", "b", "c", "d", "e");
            vault.deleteKey("b");
            return vault.storeKey("f", KeyMetadata.builder().build(), secret("6"), "t");
        });
        check(vault -> {
            assertThat(vault.keyNames()).containsExactly("a", "c", "d", "e", "f");
            assertThat(holdsCurrent(vault, "c", "3")).isTrue();
            assertThat(holdsCurrent(vault, "f", "6")).isTrue();
        });
    }

    @Test
    void aCatalogOverFormat1sOneMebibyteRecordCapIsWrittenAndReadBack() throws Exception {
        // 128-character names: the catalog (every name in one record) passes format 1's 1 MiB near 8,100 keys.
        write(vault -> {
            for (int i = 0; i < 8_300; i++) {
                vault.storeKey(longName(i), KeyMetadata.builder().build(), secret("v"), "a");
            }
            return null;
        });
        check(vault -> {
            assertThat(vault.keyNames()).hasSize(8_300).contains(longName(0), longName(8_299));
            assertThat(holdsCurrent(vault, longName(4_321), "v")).isTrue();
        });
    }

    private static String longName(int i) {
        return String.format(java.util.Locale.ROOT, "%05d", i) + "n".repeat(123);
    }

    @Test
    void aChangeThatWouldOutgrowTheFormatsRecordLimitWritesNothing() throws Exception {
        write(vault -> vault.storeKey("first", KeyMetadata.builder().build(), secret("v"), "a"));
        byte[] before = Files.readAllBytes(store.paths().vaultFile());
        // A key record over 16 MiB: 4,200 provider settings of 4,096 characters.
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 4_200; i++) {
            settings.put("SETTING_" + i, "s".repeat(KeyMetadata.MAX_TEXT));
        }
        KeyMetadata huge = KeyMetadata.builder().settings(settings).build();
        assertThatThrownBy(() -> write(vault -> vault.storeKey("huge", huge, secret("v"), "a")))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.CONFLICT);
                    assertThat(e.getMessage()).contains("nothing was written").contains(String.valueOf(VaultCodec.MAX_RECORD_BYTES));
                });
        assertThat(Files.readAllBytes(store.paths().vaultFile())).isEqualTo(before);
        check(vault -> assertThat(vault.keyNames()).containsExactly("first"));
    }

    @Test
    void addVersionPrunesBeyondKeep() throws Exception {
        write(vault -> vault.storeKey("k", KeyMetadata.builder().keep(3).build(), secret("v1"), "a"));
        int records = reopen(Vault::recordCount);
        for (int n = 2; n <= 6; n++) {
            int version = n;
            KeyVersion added = write(vault -> vault.addVersion("k", secret("v" + version), "a", "rotate"));
            assertThat(added.number()).isEqualTo(n);
            reopen(vault -> {
                assertThat(holdsCurrent(vault, "k", "v" + version)).isTrue();
                return null;
            });
        }
        reopen(vault -> {
            assertThat(vault.key("k").versions()).extracting(KeyVersion::number).containsExactly(4, 5, 6);
            assertThat(vault.key("k").current().origin()).isEqualTo("rotate");
            assertThat(holds(vault, "k", 4, "v4")).isTrue();
            assertFailure(() -> vault.value("k", 3), Failure.NOT_FOUND);
            assertThat(vault.recordCount()).as("pruned values are gone from the file").isEqualTo(records + 2);
            return null;
        });
        assertFailure(() -> write(vault -> vault.addVersion("missing", secret("x"), "a", "rotate")), Failure.NOT_FOUND);
    }

    @Test
    void updateMetadataReplacesItAndPrunesWhenKeepShrinks() throws Exception {
        write(vault -> vault.storeKey("k", TestVaults.custom(), secret("v1"), "a"));
        for (int n = 2; n <= 4; n++) {
            int version = n;
            write(vault -> vault.addVersion("k", secret("v" + version), "a", "rotate"));
        }
        KeyMetadata metadata = richMetadata().toBuilder().keep(2).build();
        write(vault -> vault.updateMetadata("k", metadata));
        reopen(vault -> {
            assertThat(vault.key("k").metadata()).isEqualTo(metadata);
            assertThat(vault.key("k").versions()).extracting(KeyVersion::number).containsExactly(3, 4);
            assertThat(holds(vault, "k", 3, "v3")).isTrue();
            assertFailure(() -> vault.value("k", 2), Failure.NOT_FOUND);
            return null;
        });
    }

    @Test
    void deleteKeyRemovesItsValuesAndBindings() throws Exception {
        int emptyRecords = reopen(Vault::recordCount);
        write(vault -> {
            vault.storeKey("gone", TestVaults.custom(), secret("g1"), "a");
            vault.addVersion("gone", secret("g2"), "a", "rotate");
            vault.storeKey("stays", TestVaults.custom(), secret("s1"), "a");
            vault.createProfile("dev");
            vault.createProfile("prod");
            vault.createProfile("other");
            vault.bind("dev", new Binding("gone", "GONE", null));
            vault.bind("dev", new Binding("stays", "STAYS", null));
            vault.bind("prod", new Binding("gone", null, "gone.key"));
            vault.bind("other", new Binding("stays", "STAYS", null));
            return null;
        });
        List<String> changed = write(vault -> vault.deleteKey("gone"));
        assertThat(changed).containsExactly("dev", "prod");
        reopen(vault -> {
            assertThat(vault.keyNames()).containsExactly("stays");
            assertFailure(() -> vault.key("gone"), Failure.NOT_FOUND);
            assertThat(vault.profile("dev").bindings()).containsExactly(new Binding("stays", "STAYS", null));
            assertThat(vault.profile("prod").bindings()).isEmpty();
            assertThat(vault.profile("other").bindings()).containsExactly(new Binding("stays", "STAYS", null));
            // catalog + 3 profiles + the remaining key and its one value
            assertThat(vault.recordCount()).isEqualTo(emptyRecords + 3 + 2);
            return null;
        });
        assertFailure(() -> write(vault -> vault.deleteKey("gone")), Failure.NOT_FOUND);
        write(vault -> vault.storeKey("gone", TestVaults.custom(), secret("new"), "a"));
        reopen(vault -> {
            assertThat(vault.key("gone").versions()).hasSize(1);
            assertThat(holdsCurrent(vault, "gone", "new")).isTrue();
            return null;
        });
    }

    @Test
    void aResolvedProfileNamesTheKeyBehindEachBoundNameAndItsExpiredKeys() throws Exception {
        // NOW is 2030-01-02: a key whose date was yesterday has expired; one expiring today has not.
        write(vault -> {
            vault.storeKey("old", KeyMetadata.builder().expires(LocalDate.of(2030, 1, 1)).build(), secret("v-old"), "t");
            vault.storeKey("today", KeyMetadata.builder().expires(LocalDate.of(2030, 1, 2)).build(), secret("v-today"), "t");
            vault.storeKey("plain", KeyMetadata.builder().provider("openai").setting("OPENAI_ORG_ID", "org-1").build(),
                    secret("v-plain"), "t");
            vault.storeKey("unbound", KeyMetadata.builder().expires(LocalDate.of(2020, 1, 1)).build(), secret("v-x"), "t");
            vault.createProfile("prod");
            vault.bind("prod", new Binding("old", "OLD_KEY", "old.key"));
            vault.bind("prod", new Binding("today", "TODAY_KEY", null));
            vault.bind("prod", new Binding("plain", null, "plain.key"));
            return null;
        });
        check(vault -> {
            var profile = vault.resolveProfile("prod");
            assertThat(profile.keyOfName()).containsExactly(Map.entry("OLD_KEY", "old"), Map.entry("old.key", "old"),
                    Map.entry("TODAY_KEY", "today"), Map.entry("plain.key", "plain"));
            assertThat(profile.environment()).containsKey("OPENAI_ORG_ID"); // a setting: served, but no key's value
            assertThat(profile.expired()).containsExactly(Map.entry("old", LocalDate.of(2030, 1, 1)));
        });
    }

    @Test
    void profilesCreateBindUnbindDelete() throws Exception {
        write(vault -> {
            vault.storeKey("a", TestVaults.custom(), secret("va"), "t");
            vault.storeKey("b", TestVaults.custom(), secret("vb"), "t");
            return null;
        });
        write(vault -> vault.createProfile("prod"));
        check(vault -> assertThat(vault.profile("prod").bindings()).isEmpty());
        assertFailure(() -> write(vault -> vault.createProfile("prod")), Failure.ALREADY_EXISTS);
        assertFailure(() -> write(vault -> vault.createProfile("bad name")), Failure.INVALID_INPUT);

        write(vault -> vault.bind("prod", new Binding("a", "A_KEY", "a.key")));
        write(vault -> vault.bind("prod", new Binding("b", "B_KEY", null)));
        reopen(vault -> {
            assertThat(vault.profile("prod").bindings())
                    .containsExactly(new Binding("a", "A_KEY", "a.key"), new Binding("b", "B_KEY", null));
            assertThat(vault.resolveProfile("prod").environment()).containsOnlyKeys("A_KEY", "B_KEY");
            assertThat(vault.resolveProfile("prod").properties()).containsOnlyKeys("a.key");
            return null;
        });

        byte[] before = file();
        assertFailure(() -> write(vault -> vault.bind("prod", new Binding("b", "A_KEY", null))), Failure.CONFLICT);
        assertFailure(() -> write(vault -> vault.bind("prod", new Binding("b", null, "a.key"))), Failure.CONFLICT);
        assertFailure(() -> write(vault -> vault.bind("prod", new Binding("missing", "M", null))), Failure.NOT_FOUND);
        assertFailure(() -> write(vault -> vault.bind("nope", new Binding("a", "X", null))), Failure.NOT_FOUND);
        assertFailure(() -> write(vault -> vault.bind("prod", new Binding("a", "1BAD", null))), Failure.INVALID_INPUT);
        assertFailure(() -> write(vault -> vault.bind("prod", new Binding("a", null, "a=b"))), Failure.INVALID_INPUT);
        assertThat(file()).as("refused changes write nothing").isEqualTo(before);

        write(vault -> vault.unbind("prod", "a"));
        check(vault -> assertThat(vault.profile("prod").bindings()).containsExactly(new Binding("b", "B_KEY", null)));
        assertFailure(() -> write(vault -> vault.unbind("prod", "a")), Failure.NOT_FOUND);
        write(vault -> vault.bind("prod", new Binding("a", "A_KEY", null)));
        check(vault -> assertThat(vault.profile("prod").bindings()).hasSize(2));

        write(vault -> {
            vault.deleteProfile("prod");
            return null;
        });
        reopen(vault -> {
            assertThat(vault.profileNames()).isEmpty();
            assertFailure(() -> vault.profile("prod"), Failure.NOT_FOUND);
            assertThat(vault.keyNames()).containsExactly("a", "b");
            return null;
        });
        assertFailure(() -> write(vault -> {
            vault.deleteProfile("prod");
            return null;
        }), Failure.NOT_FOUND);
    }

    @Test
    void aProfilesDescriptionSurvivesBindUnbindAndKeyDeletion() throws Exception {
        write(vault -> {
            vault.storeKey("a", TestVaults.custom(), secret("va"), "t");
            vault.storeKey("b", TestVaults.custom(), secret("vb"), "t");
            vault.createProfile("prod", "Production keys");
            vault.createProfile("dev");
            return null;
        });
        check(vault -> assertThat(vault.profile("dev").description()).isNull());
        write(vault -> vault.bind("prod", new Binding("a", "A_KEY", null)));
        write(vault -> vault.bind("prod", new Binding("b", "B_KEY", null)));
        write(vault -> vault.unbind("prod", "a"));
        write(vault -> vault.deleteKey("b"));
        check(vault -> assertThat(vault.profile("prod"))
                .isEqualTo(new Profile("prod", "Production keys", List.of())));
    }

    @Test
    void replacePassphraseKeepsKeyFileSlotsAndDropsTheOldPassphrase() throws Exception {
        write(vault -> vault.storeKey("k", TestVaults.custom(), secret("v"), "t"));
        try (Passphrase first = passphrase("first passphrase")) {
            write(vault -> {
                vault.replacePassphrase(first, FAST_KDF, true);
                return null;
            });
        }
        assertOpens(passphrase("first passphrase"));
        try (Passphrase second = passphrase("second passphrase")) {
            write(vault -> {
                vault.replacePassphrase(second, new Pbkdf2Params(1000), true);
                return null;
            });
        }
        check(vault -> assertThat(vault.slotDescriptions()).containsExactly("key file", "passphrase (pbkdf2-sha256 i=1000)"));
        assertOpens(passphrase("second passphrase"));
        try (Passphrase old = passphrase("first passphrase")) {
            assertFailure(() -> store.open(old), Failure.WRONG_KEY);
        }
        assertOpens(TestVaults.keyFile(dir));
    }

    @Test
    void addKeyFileAddsASecondWayIn() throws Exception {
        write(vault -> vault.storeKey("k", TestVaults.custom(), secret("v"), "t"));
        Path second = dir.resolve("second.key");
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(second);
            write(vault -> {
                vault.addMember("second", key);
                return null;
            });
        }
        check(vault -> assertThat(vault.slotDescriptions()).containsExactly("key file", "key file"));
        assertOpens(KeyFileKey.read(second));
        assertOpens(TestVaults.keyFile(dir));
    }

    @Test
    void passphraseVaultRoundTripsToo() throws Exception {
        VaultStore passStore = VaultStore.at(VaultPaths.of(dir.resolve("p").resolve("vault")));
        try (Passphrase p = passphrase("pw")) {
            passStore.create(p, FAST_KDF);
        }
        try (Passphrase p = passphrase("pw")) {
            passStore.update(p, vault -> vault.storeKey("k", TestVaults.custom(), secret("v"), "t"));
        }
        try (Passphrase p = passphrase("pw"); Vault vault = passStore.open(p)) {
            assertThat(holdsCurrent(vault, "k", "v")).isTrue();
            assertThat(vault.slotDescriptions()).containsExactly("passphrase (argon2id m=64KiB t=1 p=1)");
        }
    }

    @Test
    void aChangeThatFailsHalfwayWritesNothing() throws Exception {
        write(vault -> vault.storeKey("k", TestVaults.custom(), secret("v"), "t"));
        byte[] before = file();
        assertFailure(() -> write(vault -> {
            vault.storeKey("second", TestVaults.custom(), secret("w"), "t");
            return vault.key("no-such-key");
        }), Failure.NOT_FOUND);
        assertThat(file()).isEqualTo(before);
        check(vault -> assertThat(vault.keyNames()).containsExactly("k"));
    }

    @Test
    void aWriteLaysOutOnlyTheGroupsItTouchedAndGivesTheFileAFreshLayoutWould() throws Exception {
        write(vault -> {
            for (int i = 0; i < 300; i++) {
                vault.storeKey("key-" + i, TestVaults.custom(), secret("value-" + i), "t");
            }
            return null;
        });
        try (KeyFileKey key = TestVaults.keyFile(dir); Vault vault = store.open(key)) {
            vault.acceptChanges(); // as VaultStore.update does before it encodes
            vault.addVersion("key-7", secret("seven"), "t", "manual");
            EncodedFile encoded = vault.encodeFile(0);
            // front, the MAC, the one or two groups holding key-7's records laid out anew, and the
            // untouched groups between them as views of the file read: laying every group out anew
            // would be three parts
            assertThat(encoded.parts()).hasSizeBetween(4, 7);

            byte[] bytes = encoded.toByteArray();
            ParsedVault parsed = VaultCodec.parse(bytes);
            try (DataKey dataKey = KeySlots.unlock(parsed.header(), key).dataKey()) {
                assertThat(VaultCodec.macMatches(parsed, dataKey.fileMacKey())).isTrue();
                assertThat(VaultCodec.write(parsed.header(), parsed.records(), dataKey.fileMacKey()))
                        .as("the same records laid out from scratch").isEqualTo(bytes);
            }
        }
    }

    @Test
    void creatingTwiceIsRefused() throws Exception {
        byte[] before = file();
        try (KeyFileKey key = KeyFileKey.generate()) {
            assertFailure(() -> store.create(key, null), Failure.ALREADY_EXISTS);
        }
        assertThat(file()).isEqualTo(before);
    }

    private void assertOpens(Credential credential) throws VaultException {
        try (credential; Vault vault = store.open(credential)) {
            assertThat(holdsCurrent(vault, "k", "v")).isTrue();
        }
    }
}
