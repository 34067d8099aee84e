package io.keystash.cli;

import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The common failures each end their one line with the next step: a command to run. (A busy
 * vault's message is pinned in vault-core's VaultLockTest: it takes a lock held elsewhere.)
 */
class NextStepTest {
    @TempDir
    Path folder;

    /** The one line, and that it ends with {@code command}. */
    private static void endsWith(Result result, int status, String command) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err().strip()).as(result.toString()).startsWith("keystash: ").endsWith(command);
    }

    @Test
    void noVaultNamesInit() {
        CliHarness cli = new CliHarness(folder);
        endsWith(cli.run("list"), 4, "; create one with: keystash init");
    }

    @Test
    void lockedNamesTheOptionsTheVariablesAndTheUnlockSession() {
        CliHarness cli = CliHarness.withVault(folder).env("KEYSTASH_KEY_FILE", null);
        Result locked = cli.run("list");
        endsWith(locked, 3, "; or unlock it for a while with: keystash unlock");
        assertThat(locked.err()).contains("--key-file FILE").contains("API_KEY_MASTER").contains("or run on a terminal to be asked");
    }

    @Test
    void aWrongKeyNamesDoctorWhichShowsTheWaysIn() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        Path other = folder.resolve("other.key");
        assertThat(new CliHarness(folder.resolve("other")).run("--key-file", other.toString(), "init").status()).isZero();
        endsWith(cli.run("--key-file", other.toString(), "list"), 3, "; try again, or see the ways in the vault has with: keystash doctor");
        endsWith(cli.env("KEYSTASH_KEY_FILE", null).env("API_KEY_MASTER", "no such slot").run("list"), 3,
                "; see the ways in it has with: keystash doctor");
    }

    @Test
    void missingKeysProfilesAndVersionsNameWhereToLook() {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "v1");
        endsWith(cli.run("get", "nope"), 4, "no key named 'nope'; see the keys with: keystash list");
        endsWith(cli.run("get", "k", "--version", "7"), 4, "; see its history with: keystash history k");
        endsWith(cli.run("profile", "show", "dev"), 4,
                "no profile named 'dev'; see the profiles with: keystash profile list, or make it with: keystash profile create dev");
        endsWith(cli.run("member", "remove", "bob", "--yes"), 4, "; see the members with: keystash member list");
        endsWith(cli.run("rollback", "k"), 4, "has no earlier version to roll back to; see its versions with: keystash history k");
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        endsWith(cli.run("profile", "remove-key", "dev", "k"), 4, "; see what it binds with: keystash profile show dev");
    }

    @Test
    void aFolderThatDoesNotExistNamesTheMkdirThatMakesIt() {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "v1");
        Path nowhere = folder.resolve("no/such/folder");
        endsWith(cli.run("export", nowhere.resolve("keys.json").toString()), 6, "; create it with: mkdir -p " + nowhere);
        assertThat(nowhere.getParent()).doesNotExist();
    }

    @Test
    void whatExistsAlreadyNamesTheCommandThatReplacesOrShowsIt() {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "v1");
        endsWith(cli.runWithInput("v2", "store", "k"), 5, "key 'k' already exists; replace it (its history is kept) with: keystash store k --force");
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        endsWith(cli.run("profile", "create", "dev"), 5, "profile 'dev' already exists; see it with: keystash profile show dev");
        endsWith(cli.run("--key-file", cli.keyFile().toString(), "init"), 5, "; check it with: keystash doctor");
    }

    @Test
    void anOlderCopyNamesAcceptOlderAndADamagedVaultNamesDoctor() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "v1");
        byte[] old = cli.vaultBytes();
        cli.store("k2", "v2");
        Files.write(cli.vaultFile(), old);
        endsWith(cli.run("list"), 3, "if you restored it on purpose, say so with --accept-older, e.g.: keystash --accept-older list");

        byte[] damaged = cli.vaultBytes();
        damaged[damaged.length - 5] ^= 1;
        Files.write(cli.vaultFile(), damaged);
        endsWith(cli.run("--accept-older", "list"), 3, "; see its backups with: keystash doctor");
    }
}
