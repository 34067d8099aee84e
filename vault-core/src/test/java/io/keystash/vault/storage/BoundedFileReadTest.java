package io.keystash.vault.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedFileReadTest {
    @TempDir
    Path folder;

    @Test
    void readsAFileUpToTheLimitExactly() throws Exception {
        Path file = folder.resolve("f");
        for (int size : new int[] {0, 1, 255, 256, 8191, 8192, 8193, 20_000}) {
            byte[] content = new byte[size];
            new java.util.SplittableRandom(size).nextBytes(content);
            Files.write(file, content);
            assertThat(BoundedFileRead.read(file, Math.max(size, 1))).isEqualTo(content);
        }
    }

    @Test
    void oneByteOverTheLimitIsRefused() throws Exception {
        Path file = folder.resolve("f");
        Files.write(file, new byte[257]);
        assertThatThrownBy(() -> BoundedFileRead.read(file, 256)).isInstanceOf(BoundedFileRead.TooLargeException.class);
    }

    @Test
    void anEndlessDeviceThatReportsSizeZeroIsRefusedNotReadForever() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        assertThatThrownBy(() -> BoundedFileRead.read(zero, 4096)).isInstanceOf(BoundedFileRead.TooLargeException.class);
    }
}
