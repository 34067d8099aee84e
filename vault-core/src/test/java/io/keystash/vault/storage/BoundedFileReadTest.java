package io.keystash.vault.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

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

    @Test
    void aFileLargerThanOneReadIsReadWhole() throws Exception {
        Path file = folder.resolve("large");
        byte[] content = new byte[3 * 256 * 1024 + 17];
        new java.util.SplittableRandom(3).nextBytes(content);
        Files.write(file, content);
        assertThat(BoundedFileRead.read(file, content.length)).isEqualTo(content);
    }

    @Test
    void failuresToOpenKeepNiosExceptionTypes() throws Exception {
        assertThatThrownBy(() -> BoundedFileRead.read(folder.resolve("missing"), 100))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> BoundedFileRead.read(folder.resolve("no-folder").resolve("file"), 100))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> BoundedFileRead.read(folder, 100)).isInstanceOf(IOException.class);
    }

    @Test
    void anUnreadableFileIsAccessDenied() throws Exception {
        Path locked = folder.resolve("locked");
        Files.write(locked, new byte[] {1, 2, 3});
        Files.setPosixFilePermissions(locked, Set.of());
        if (Files.isReadable(locked)) {
            // Root reads any file: the read runs in a JVM of a second user, for whom the file is
            // unreadable (the folder is opened for it to reach the file, nothing more).
            // A readable file beside it shows the folder is no obstacle: the refusal is the file's.
            OtherUser.assumeAvailable();
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x--x"));
            Path open = Files.write(folder.resolve("open"), new byte[] {4});
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
            String outcomes = OtherUser.output(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:-UsePerfData", "-cp", codeOf(BoundedFileRead.class) + ":" + codeOf(ReadProbe.class),
                    ReadProbe.class.getName(), open.toString(), locked.toString()));
            assertThat(outcomes).isEqualTo("read\n" + AccessDeniedException.class.getName() + "\n");
        } else {
            assertThatThrownBy(() -> BoundedFileRead.read(locked, 100)).isInstanceOf(AccessDeniedException.class);
        }
    }

    private static String codeOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Reads each file named by its arguments with {@link BoundedFileRead}; prints "read" or what it threw. */
    public static final class ReadProbe {
        private ReadProbe() {
        }

        public static void main(String[] args) {
            for (String file : args) {
                try {
                    BoundedFileRead.read(Path.of(file), 100);
                    System.out.println("read");
                } catch (IOException e) {
                    System.out.println(e.getClass().getName());
                }
            }
        }
    }
}
