package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyFileKeyTest {
    @TempDir
    Path dir;

    private static void assertFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Failure failure) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(failure));
    }

    @Test
    void writtenKeyReadsBackAndIsOwnerOnly() throws Exception {
        Path file = dir.resolve("app.key");
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(file);
            try (KeyFileKey read = KeyFileKey.read(file)) {
                assertThat(java.security.MessageDigest.isEqual(read.bytes(), key.bytes())).isTrue();
                assertThat(read.bytes()).hasSize(32);
                assertThat(read.origin()).isEqualTo("key file " + file);
                assertThat(read.toString()).doesNotContain(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip());
            }
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("keystash-key-v1:").endsWith("\n");
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "precious");
        try (KeyFileKey key = KeyFileKey.generate()) {
            assertFailure(() -> key.writeNew(file), Failure.ALREADY_EXISTS);
        }
        assertThat(Files.readString(file)).isEqualTo("precious");
    }

    @Test
    void badKeyFilesAreTold() throws Exception {
        assertFailure(() -> KeyFileKey.read(dir.resolve("missing")), Failure.NOT_FOUND);
        Path notOurs = Files.writeString(dir.resolve("id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyFileKey.read(notOurs)).hasMessageContaining("not a Keystash key file");
        Path shortKey = Files.writeString(dir.resolve("short"), "keystash-key-v1:AAAA\n");
        assertThatThrownBy(() -> KeyFileKey.read(shortKey)).hasMessageContaining("wrong length");
        Path badEncoding = Files.writeString(dir.resolve("bad"), "keystash-key-v1:!!!!\n");
        assertThatThrownBy(() -> KeyFileKey.read(badEncoding)).hasMessageContaining("bad encoding");
        Path huge = Files.write(dir.resolve("huge"), new byte[10_000]);
        assertFailure(() -> KeyFileKey.read(huge), Failure.INVALID_INPUT);
    }

    @Test
    void closeWipesTheKey() {
        KeyFileKey key = KeyFileKey.generate();
        byte[] bytes = key.bytes();
        key.close();
        assertThat(bytes).containsOnly((byte) 0);
    }
}
