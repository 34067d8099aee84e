package io.keystash.vault.format;

import io.keystash.vault.Secret;
import io.keystash.vault.VaultStore;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.KeySlots;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes the format 2 vault that the CLI's tests open as a vault from before approvals
 * ({@code cli/src/test/resources/io/keystash/cli/trust/}): a key-file slot, and key {@code legacy}
 * (value {@code legacy-value}) due since 2020 with the rotate command {@code printf legacy-rotated}.
 * The CLI's tests cannot reach vault-core's test helpers, hence a committed file; run this to make
 * it again: {@code java -cp vault-core/target/test-classes:vault-core/target/classes:BCPROV_JAR
 * io.keystash.vault.format.Format2FixtureMain OUTPUT_FOLDER} (writes {@code format2.vault} and
 * {@code format2.key}).
 */
final class Format2FixtureMain {
    private Format2FixtureMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path scratchFolder = Files.createTempDirectory("keystash-fixture");
        Path scratch = scratchFolder.resolve("vault");
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(out.resolve("format2.key"));
            VaultStore store = VaultStore.at(VaultPaths.of(scratch));
            store.create(key, null);
            KeyMetadata metadata = KeyMetadata.builder().rotateCommand("printf legacy-rotated")
                    .expires(LocalDate.of(2020, 1, 1)).env("LEGACY_TOKEN").build();
            store.update(key, vault -> vault.storeKey("legacy", metadata,
                    Secret.ofUtf8("legacy-value".getBytes(StandardCharsets.UTF_8)), "fixture@keystash"));
            byte[] format3 = Files.readAllBytes(scratch);
            try (DataKey dataKey = KeySlots.unlock(VaultCodec.parse(format3).header(), key).dataKey()) {
                Files.write(out.resolve("format2.vault"), LegacyFormat.asFormat2(format3,
                        List.of(LegacyFormat.keyFileSlot(dataKey, key, 1)), dataKey.fileMacKey()));
            }
        }
    }
}
