package io.keystash.vault.storage;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFileTest {
    @TempDir
    Path dir;

    private String[] listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void createsThenReplacesAnOwnerOnlyFile() throws Exception {
        Path target = dir.resolve("vault");
        new AtomicFile().write(target, "one".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(target)).isEqualTo("one");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        new AtomicFile().write(target, "two, longer".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(target)).isEqualTo("two, longer");
        assertThat(listing()).containsExactly("vault");
    }

    @Test
    void partsAreWrittenOneAfterAnotherFromTheirPositionsAndLeftAsTheyWere() throws Exception {
        byte[] large = new byte[700_000];
        new java.util.Random(7).nextBytes(large);
        ByteBuffer fromTheMiddle = ByteBuffer.wrap("skip:kept".getBytes(StandardCharsets.UTF_8));
        fromTheMiddle.position(5);
        ByteBuffer[] parts = {ByteBuffer.wrap(large), ByteBuffer.allocate(0), fromTheMiddle,
                ByteBuffer.wrap(large, 1000, 300_000).asReadOnlyBuffer()};
        Path target = dir.resolve("vault");
        new AtomicFile().write(target, parts);

        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        expected.write(large);
        expected.write("kept".getBytes(StandardCharsets.UTF_8));
        expected.write(large, 1000, 300_000);
        assertThat(Files.readAllBytes(target)).isEqualTo(expected.toByteArray());
        assertThat(parts[0].position()).isZero();
        assertThat(fromTheMiddle.position()).isEqualTo(5);
        assertThat(parts[3].remaining()).isEqualTo(300_000);
        assertThat(listing()).containsExactly("vault");
    }

    @Test
    void aFailedRenameKeepsTheOldContentAndCleansUp() throws Exception {
        Path target = Files.writeString(dir.resolve("vault"), "old");
        AtomicFile failing = new AtomicFile((from, to) -> {
            assertThat(Files.readString(from)).isEqualTo("new");
            throw new IOException("simulated");
        });
        assertThatThrownBy(() -> failing.write(target, "new".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.IO))
                .hasMessageContaining("simulated");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(listing()).containsExactly("vault");
    }

    @Test
    void aMissingFolderIsAnIoFailure() {
        assertThatThrownBy(() -> new AtomicFile().write(dir.resolve("no/such/vault"), new byte[1]))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.IO));
    }

    @Test
    void leftoversOfAKilledWriterAreRemovedAndOtherFilesKept() throws Exception {
        Path target = dir.resolve("vault");
        Files.writeString(dir.resolve(".vault.123.tmp"), "old copy");
        Files.writeString(dir.resolve(".other.456.tmp"), "someone else's");
        Files.writeString(dir.resolve("vault.lock"), "");
        AtomicFile.removeLeftovers(target);
        assertThat(listing()).containsExactly(".other.456.tmp", "vault.lock");
    }
}
