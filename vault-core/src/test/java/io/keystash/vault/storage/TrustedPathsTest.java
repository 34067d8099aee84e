package io.keystash.vault.storage;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The one rule for trusted folders and files, mode by mode and owner by owner. */
class TrustedPathsTest {
    @TempDir
    Path dir;

    private Path folder(int mode) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("f" + Integer.toOctalString(mode)));
        Files.setAttribute(folder, "unix:mode", mode);
        return folder;
    }

    private Path file(int mode) throws Exception {
        Path file = Files.writeString(dir.resolve("file" + Integer.toOctalString(mode)), "x");
        Files.setAttribute(file, "unix:mode", mode);
        return file;
    }

    @Test
    void junitTempFoldersAreTrustedSoTestsMayKeepVaultsThere() {
        assertThatCode(() -> TrustedPaths.requireTrustedFolder(dir, "vault folder")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {0700, 0755, 0750, 0711, 0500})
    void aFolderOnlyItsOwnerMayWriteIsTrusted(int mode) throws Exception {
        Path folder = folder(mode);
        assertThatCode(() -> TrustedPaths.requireTrustedFolder(folder, "vault folder")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {0775, 0777, 0770, 0702, 01777, 0730})
    void aFolderOthersMayWriteIsRefusedWithTheFix(int mode) throws Exception {
        Path folder = folder(mode);
        VaultException e = catchThrowableOfType(VaultException.class, () -> TrustedPaths.requireTrustedFolder(folder, "vault folder"));
        assertThat(e.failure()).isEqualTo(Failure.IO);
        assertThat(e.getMessage()).startsWith("vault folder " + folder + " is writable by other users (mode ")
                .endsWith("; run: chmod go-w " + folder.toRealPath())
                .doesNotContain("\n");
    }

    @Test
    void aStickyWorldWritableFolderLikeTmpIsRefused() throws Exception {
        Path folder = folder(01777);
        VaultException e = catchThrowableOfType(VaultException.class, () -> TrustedPaths.requireTrustedFolder(folder, "vault folder"));
        assertThat(e.getMessage()).contains("(mode rwxrwxrwt)");
    }

    @ParameterizedTest
    @ValueSource(ints = {0600, 0400})
    void aFileOnlyItsOwnerMayAccessIsTrusted(int mode) throws Exception {
        Path file = file(mode);
        assertThatCode(() -> TrustedPaths.requireTrustedFile(file, "audit log")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {0644, 0640, 0660, 0666, 0604, 0601})
    void aFileOthersMayReadOrWriteIsRefusedWithTheFix(int mode) throws Exception {
        Path file = file(mode);
        VaultException e = catchThrowableOfType(VaultException.class, () -> TrustedPaths.requireTrustedFile(file, "audit log"));
        assertThat(e.failure()).isEqualTo(Failure.IO);
        assertThat(e.getMessage()).startsWith("audit log " + file + " is accessible by other users (mode ")
                .endsWith("; run: chmod 600 " + file.toRealPath());
    }

    @Test
    void aFolderOfAnotherUserIsRefusedEvenWhenOnlyThatUserMayWrite() throws Exception {
        OtherUser.assumeAvailable();
        Path folder = folder(0755);
        Files.setAttribute(folder, "unix:uid", OtherUser.UID);
        VaultException e = catchThrowableOfType(VaultException.class, () -> TrustedPaths.requireTrustedFolder(folder, "backups folder"));
        assertThat(e.getMessage()).isEqualTo("backups folder " + folder + " belongs to another user (uid " + OtherUser.UID
                + "), who could change what Keystash reads there; keep the vault in a folder of your own (such as ~/.keystash)");
    }

    @Test
    void aFileOfAnotherUserIsRefusedEvenWhenOwnerOnly() throws Exception {
        OtherUser.assumeAvailable();
        Path file = file(0600);
        Files.setAttribute(file, "unix:uid", OtherUser.UID);
        VaultException e = catchThrowableOfType(VaultException.class, () -> TrustedPaths.requireTrustedFile(file, "lock file"));
        assertThat(e.getMessage()).startsWith("lock file " + file + " belongs to another user (uid " + OtherUser.UID + ")")
                .contains("move it away");
    }

    @Test
    void aFileWhereAFolderBelongsAndTheOtherWayRoundAreRefused() throws Exception {
        Path file = file(0600);
        Path folder = folder(0700);
        assertThat(catchThrowableOfType(VaultException.class, () -> TrustedPaths.requireTrustedFolder(file, "backups folder")))
                .hasMessage("backups folder " + file + " is not a folder");
        assertThat(catchThrowableOfType(VaultException.class, () -> TrustedPaths.requireTrustedFile(folder, "audit log")))
                .hasMessage("audit log " + folder + " is a folder, not a file");
    }

    @Test
    void aMissingPathIsNotFoundAndOptionalFilesMayBeMissing() {
        Path missing = dir.resolve("missing");
        assertThat(catchThrowableOfType(VaultException.class, () -> TrustedPaths.requireTrustedFolder(missing, "vault folder"))
                .failure()).isEqualTo(Failure.NOT_FOUND);
        assertThatCode(() -> TrustedPaths.requireTrustedFileIfPresent(missing, "audit log")).doesNotThrowAnyException();
    }

    @Test
    void createTrustedFolderMakesMissingFolders0700AndChecksExistingOnes() throws Exception {
        Path created = dir.resolve("a/b/state");
        TrustedPaths.createTrustedFolder(created, "state folder");
        assertThat(Files.getAttribute(created, "unix:mode")).isEqualTo(040700);
        Path open = folder(0777);
        assertThat(catchThrowableOfType(VaultException.class, () -> TrustedPaths.createTrustedFolder(open, "run folder")))
                .hasMessageStartingWith("run folder " + open + " is writable by other users");
    }
}
