package io.keystash.vault;

import io.keystash.vault.audit.AuditEntry;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.crypto.Argon2idParams;
import io.keystash.vault.identity.Recipient;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyVersion;
import io.keystash.vault.model.Profile;
import io.keystash.vault.unlock.IdentityKey;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.keyFile;
import static io.keystash.vault.TestVaults.keyFileVault;
import static io.keystash.vault.TestVaults.passphrase;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A vault handle that nothing will write refuses changes, instead of keeping them in memory and
 * dropping them when it closes; and every write is audited, named or not.
 */
class VaultHandleTest {
    @TempDir
    Path dir;

    /** One change of each kind a caller can make, with the secrets it hands over. */
    private record Attempt(String name, List<Secret> handedOver, VaultStore.Change<?> change) {
    }

    private static List<Attempt> attempts() throws VaultException {
        List<Attempt> attempts = new ArrayList<>();
        Secret stored = secret("never-stored-1");
        attempts.add(new Attempt("storeKey", List.of(stored), v -> v.storeKey("new", custom(), stored, "t")));
        Secret replaced = secret("never-stored-2");
        attempts.add(new Attempt("replaceKey", List.of(replaced), v -> v.replaceKey("k", custom(), replaced, "t")));
        Secret added = secret("never-stored-3");
        attempts.add(new Attempt("addVersion", List.of(added), v -> v.addVersion("k", added, "t", "test")));
        Secret restored = secret("never-stored-4");
        attempts.add(new Attempt("restoreKey", List.of(restored), v -> {
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            Map<Integer, Secret> values = new HashMap<>(Map.of(1, restored));
            return v.restoreKey(new KeyEntry("restored", now, custom(), List.of(new KeyVersion(1, now, "t", "import"))), values);
        }));
        attempts.add(new Attempt("updateMetadata", List.of(), v -> v.updateMetadata("k", custom())));
        attempts.add(new Attempt("deleteKey", List.of(), v -> v.deleteKey("k")));
        attempts.add(new Attempt("approveHere", List.of(), v -> {
            v.approveHere("k");
            return null;
        }));
        attempts.add(new Attempt("createProfile", List.of(), v -> v.createProfile("other")));
        attempts.add(new Attempt("createProfile with description", List.of(), v -> v.createProfile("other", "d")));
        attempts.add(new Attempt("deleteProfile", List.of(), v -> {
            v.deleteProfile("p");
            return null;
        }));
        attempts.add(new Attempt("bind", List.of(), v -> v.bind("p", new Binding("k", "OTHER_VAR", null))));
        attempts.add(new Attempt("unbind", List.of(), v -> v.unbind("p", "k")));
        attempts.add(new Attempt("replaceProfile", List.of(), v -> v.replaceProfile(new Profile("p", null, List.of()))));
        Recipient bob;
        try (IdentityKey identity = IdentityKey.generate()) {
            bob = identity.recipient();
        }
        attempts.add(new Attempt("addMember (identity)", List.of(), v -> v.addMember("bob", bob)));
        attempts.add(new Attempt("addMember (key file)", List.of(), v -> {
            try (KeyFileKey other = KeyFileKey.generate()) {
                return v.addMember("carol", other);
            }
        }));
        attempts.add(new Attempt("removeMember", List.of(), v -> v.removeMember("nobody", null)));
        attempts.add(new Attempt("settleMembers", List.of(), Vault::settleMembers));
        attempts.add(new Attempt("requestRekey", List.of(), v -> {
            v.requestRekey();
            return null;
        }));
        attempts.add(new Attempt("replacePassphrase", List.of(), v -> {
            try (Passphrase p = passphrase("never set")) {
                v.replacePassphrase(p, new Argon2idParams(64, 1, 1), false);
            }
            return null;
        }));
        return attempts;
    }

    private VaultStore vaultWithKeyAndProfile() throws Exception {
        VaultStore store = keyFileVault(dir);
        try (KeyFileKey key = keyFile(dir)) {
            store.update(key, AuditEvent.of("setup"), v -> {
                v.storeKey("k", custom(), secret("stored-value"), "t");
                v.createProfile("p");
                return v.bind("p", new Binding("k", "K_VAR", null));
            });
        }
        return store;
    }

    @TestFactory
    Stream<DynamicTest> aHandleFromOpenRefusesEveryChangeAndTheFileStaysAsItWas() throws Exception {
        VaultStore store = vaultWithKeyAndProfile();
        return attempts().stream().map(attempt -> DynamicTest.dynamicTest(attempt.name(), () -> {
            byte[] before = Files.readAllBytes(store.paths().vaultFile());
            try (KeyFileKey key = keyFile(dir); Vault vault = store.open(key)) {
                assertThat(vault.changeable()).isFalse();
                assertThatThrownBy(() -> attempt.change().apply(vault))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("opened for reading");
                assertThat(vault.modified()).as("nothing changed in memory either").isFalse();
            }
            assertThat(Files.readAllBytes(store.paths().vaultFile())).isEqualTo(before);
            for (Secret handed : attempt.handedOver()) {
                assertThatThrownBy(handed::reveal).as("the refused value was wiped").hasMessageContaining("already cleared");
            }
        }));
    }

    @Test
    void aQueryInReadCannotChangeTheVault() throws Exception {
        VaultStore store = vaultWithKeyAndProfile();
        byte[] before = Files.readAllBytes(store.paths().vaultFile());
        try (KeyFileKey key = keyFile(dir)) {
            assertThatThrownBy(() -> store.read(key, AuditEvent.of("list"), v -> v.deleteKey("k")))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(store.read(key, AuditEvent.of("list"), Vault::keyNames)).containsExactly("k");
        }
        assertThat(Files.readAllBytes(store.paths().vaultFile())).isEqualTo(before);
    }

    @Test
    void theSameChangeInsideUpdateIsWritten() throws Exception {
        VaultStore store = vaultWithKeyAndProfile();
        try (KeyFileKey key = keyFile(dir)) {
            store.update(key, AuditEvent.of("delete").key("k"), v -> {
                assertThat(v.changeable()).isTrue();
                return v.deleteKey("k");
            });
            try (Vault vault = store.open(key)) {
                assertThat(vault.keyNames()).isEmpty();
            }
        }
    }

    @Test
    void anUpdateWithoutAnEventIsAuditedAsUpdateAndTheChainHolds() throws Exception {
        VaultStore store = vaultWithKeyAndProfile();
        try (KeyFileKey key = keyFile(dir)) {
            store.update(key, v -> v.createProfile("other"));
            List<AuditEntry> entries = store.auditLog().read();
            assertThat(entries).extracting(AuditEntry::operation).containsExactly("setup", VaultStore.UNNAMED_UPDATE);
            assertThat(entries.get(1).outcome()).isEqualTo("ok");
            try (Vault vault = store.open(key)) {
                assertThat(store.auditLog().verify(vault.auditKey()).intact()).isTrue();
            }
        }
    }

    @Test
    void aRehearsalRunsTheChangeAndThrowsWhatItThrowsButWritesAndAuditsNothing() throws Exception {
        VaultStore store = vaultWithKeyAndProfile();
        byte[] before = Files.readAllBytes(store.paths().vaultFile());
        byte[] auditBefore = Files.readAllBytes(store.paths().auditLog());
        try (KeyFileKey key = keyFile(dir)) {
            List<String> unbound = store.rehearse(key, v -> v.deleteKey("k"));
            assertThat(unbound).as("the profiles that would lose a binding").containsExactly("p");
            assertThatThrownBy(() -> store.rehearse(key, v -> v.createProfile("p")))
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.ALREADY_EXISTS));
        }
        assertThat(Files.readAllBytes(store.paths().vaultFile())).isEqualTo(before);
        assertThat(Files.readAllBytes(store.paths().auditLog())).isEqualTo(auditBefore);
    }
}
