package io.keystash.cli.vault;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code KEYSTASH_HOME} or {@code --vault} folder that other users may write to is refused by
 * every command: one line naming the folder and the fix, exit 6, nothing written. (The same with
 * a second user planting files is in the it-tests.)
 */
class SharedFolderCommandsTest {
    @TempDir
    Path folder;

    @Test
    void aKeystashHomeAnyoneMayWriteIsRefusedByInitAndNothingIsCreated() throws Exception {
        CliHarness cli = new CliHarness(folder);
        Files.createDirectory(cli.home());
        Files.setAttribute(cli.home(), "unix:mode", 0777);
        Result init = cli.run("--key-file", cli.keyFile().toString(), "init");
        assertThat(init.status()).isEqualTo(6);
        assertThat(init.err()).isEqualTo("keystash: vault folder " + cli.home() + " is writable by other users (mode rwxrwxrwx), "
                + "who could plant or replace Keystash's files there; run: chmod go-w " + cli.home().toRealPath() + "\n");
        try (var files = Files.list(cli.home())) {
            assertThat(files).isEmpty();
        }
        assertThat(cli.keyFile()).doesNotExist();
    }

    @Test
    void aHomeMadeGroupWritableLaterIsRefusedByReadsAndWrites() throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "value-1");
        byte[] before = cli.vaultBytes();
        Files.setAttribute(cli.home(), "unix:mode", 0770);
        for (Result result : new Result[] {cli.run("get", "k"), cli.run("list"), cli.runWithInput("value-2", "store", "k", "--force"),
            cli.run("audit"), cli.run("history", "k")}) {
            assertThat(result.status()).as(result.toString()).isEqualTo(6);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).startsWith("keystash: vault folder " + cli.home() + " is writable by other users (mode rwxrwx---)")
                    .hasLineCount(1);
        }
        assertThat(cli.vaultBytes()).isEqualTo(before);
        Files.setAttribute(cli.home(), "unix:mode", 0700);
        assertThat(cli.run("get", "k").status()).as("the fix works").isZero();
    }

    @Test
    void aVaultOptionInAStickyWorldWritableFolderIsRefused() throws Exception {
        CliHarness cli = new CliHarness(folder);
        Path tmpLike = Files.createDirectory(folder.resolve("tmp-like"));
        Files.setAttribute(tmpLike, "unix:mode", 01777);
        Result init = cli.runWithInput("passphrase", "--vault", tmpLike.resolve("team.ks").toString(), "init", "--kdf", "pbkdf2");
        assertThat(init.status()).isEqualTo(6);
        assertThat(init.err()).contains("(mode rwxrwxrwt)").contains("chmod go-w");
        assertThat(tmpLike.resolve("team.ks")).doesNotExist();
    }
}
