package io.keystash.vault.storage;

import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecureFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void createsMissingParentsOwnerOnly() throws Exception {
        Path folder = dir.resolve("a").resolve("b");
        SecureFiles.createPrivateFolder(folder);
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(folder)).isEqualTo("rwx------");
    }

    /** A bare relative name has neither parent nor root; it is created in the working folder. */
    @Test
    void createsAFolderGivenAsABareRelativeName() throws Exception {
        Path relative = Path.of("secure-files-test-" + UUID.randomUUID());
        try {
            SecureFiles.createPrivateFolder(relative);
            assertThat(relative.getParent()).isNull();
            assertThat(mode(relative)).isEqualTo("rwx------");
        } finally {
            Files.deleteIfExists(relative);
        }
    }

    @Test
    void refusesAFolderWhereAFileIs() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> SecureFiles.createPrivateFolder(file))
                .isInstanceOf(VaultException.class)
                .hasMessage(file + " exists and is not a folder");
    }
}
