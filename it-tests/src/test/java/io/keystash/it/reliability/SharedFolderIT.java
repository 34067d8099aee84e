package io.keystash.it.reliability;

import io.keystash.it.agent.programs.MainRan;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.OtherUser;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another local user against a vault in a folder they may write to, with the real launcher and
 * agent: a group-writable {@code --vault} folder where that user planted {@code NAME.audit.log}
 * (0666) and {@code NAME.backups/} (0777) before the vault was made, and a {@code KEYSTASH_HOME}
 * of mode 0777. The CLI refuses with one line and exit 6, the agent with one line and 78; no key
 * name reaches the planted log, no backup the planted folder.
 */
class SharedFolderIT {
    @TempDir
    Path folder;

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    private static void assertOneLineRefusal(KeystashCli.Result result, String startsWith) {
        assertThat(result.status()).as(result.toString()).isEqualTo(6);
        assertThat(result.err().lines().toList()).as(result.toString()).hasSize(1);
        assertThat(result.err()).startsWith("keystash: " + startsWith).doesNotContain("Exception");
    }

    @Test
    void companionsPlantedByAnotherUserInASharedFolderAreRefusedNotUsed() throws Exception {
        OtherUser.assumeAvailable();
        KeystashCli cli = new KeystashCli(folder.resolve("cli"));
        Files.setAttribute(folder, "unix:mode", 0755);
        Files.setAttribute(cli.folder(), "unix:mode", 0755);
        Path shared = Files.createDirectory(folder.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 0777);
        OtherUser.run("umask 000 && cd '" + shared + "' && touch prod.ks.audit.log && mkdir prod.ks.backups");
        Path vault = shared.resolve("prod.ks");
        cli.env("API_KEY_MASTER", "shared-folder-passphrase");

        assertOneLineRefusal(cli.run("--vault", vault.toString(), "init", "--kdf", "pbkdf2"),
                "vault folder " + shared + " is writable by other users (mode rwxrwxrwx)");
        assertThat(vault).doesNotExist();

        Files.setAttribute(shared, "unix:mode", 0700); // the owner tightens the folder; what was planted stays
        assertOneLineRefusal(cli.run("--vault", vault.toString(), "init", "--kdf", "pbkdf2"),
                "audit log " + shared.resolve("prod.ks.audit.log") + " belongs to another user (uid " + OtherUser.UID + ")");
        assertThat(vault).doesNotExist();

        Files.delete(shared.resolve("prod.ks.audit.log"));
        assertOneLineRefusal(cli.run("--vault", vault.toString(), "init", "--kdf", "pbkdf2"),
                "backups folder " + shared.resolve("prod.ks.backups") + " belongs to another user (uid " + OtherUser.UID + ")");
        Files.delete(shared.resolve("prod.ks.backups"));
        assertThat(cli.run("--vault", vault.toString(), "init", "--kdf", "pbkdf2").status()).as("the fixed folder works").isZero();
        assertThat(cli.runWithInput("v0", "--vault", vault.toString(), "store", "secret-name").status()).isZero();

        // planted while the folder was open again for a moment: found by the next command, before any write
        Files.setAttribute(shared, "unix:mode", 0777);
        OtherUser.run("umask 000 && mkdir '" + shared.resolve("prod.ks.backups") + "'");
        Files.setAttribute(shared, "unix:mode", 0700);
        byte[] before = Files.readAllBytes(vault);
        assertOneLineRefusal(cli.runWithInput("v1", "--vault", vault.toString(), "rotate", "secret-name"),
                "backups folder " + shared.resolve("prod.ks.backups") + " belongs to another user");
        try (var planted = Files.list(shared.resolve("prod.ks.backups"))) {
            assertThat(planted).as("no backup written for the other user").isEmpty();
        }
        assertThat(Files.readAllBytes(vault)).isEqualTo(before);
    }

    @Test
    void aKeystashHomeAnyoneMayWriteIsRefusedByTheCli() throws Exception {
        KeystashCli cli = new KeystashCli(folder.resolve("cli"));
        Files.createDirectory(cli.home());
        Files.setAttribute(cli.home(), "unix:mode", 0777);
        assertOneLineRefusal(cli.run("--key-file", cli.keyFile().toString(), "init"),
                "vault folder " + cli.home() + " is writable by other users (mode rwxrwxrwx)");
        try (var files = Files.list(cli.home())) {
            assertThat(files).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAgentRefusesAVaultFolderOthersMayWriteWith78(Jdk jdk) throws Exception {
        KeystashCli cli = KeystashCli.withVault(folder.resolve("cli"));
        Path vaultFolder = cli.home();
        Files.setAttribute(vaultFolder, "unix:mode", 0775);
        ProcessResult result = JavaLaunch.on(jdk).agent(Artifacts.agentJar(), "vault=" + cli.vaultFile() + ",keyfile=" + cli.keyFile())
                .env("KEYSTASH_HOME", folder.resolve("agent-home").toString())
                .classPath(Artifacts.testClasses()).main(MainRan.class).run();
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
        assertThat(result.stdout()).as("main must not run").isEmpty();
        assertThat(result.stderrLines()).containsExactly("keystash-agent: vault folder " + vaultFolder
                + " is writable by other users (mode rwxrwxr-x), who could plant or replace Keystash's files there; run: chmod go-w "
                + vaultFolder.toRealPath());
    }
}
