package io.keystash.it.install;

import io.keystash.it.support.Artifacts;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dist/target/keystash-VERSION.tar.gz} unpacked with {@code tar}, installed by its
 * {@code install.sh --prefix} into a temporary prefix, then used from PATH with nothing of the
 * build tree in sight: {@code keystash demo} runs, {@code agent-line} names the installed agent
 * jar, the class-data archive made at install maps (the JVM refuses to start otherwise), and the
 * man pages and completion are where {@code man} and bash look.
 */
class InstallIT {
    @TempDir
    static Path folder;

    private static Path prefix;
    private static Result install;
    private static KeystashCli user;

    @BeforeAll
    static void unpackAndInstall() throws IOException {
        KeystashCli shell = new KeystashCli(folder.resolve("installer"));
        Path unpacked = Files.createDirectories(folder.resolve("unpacked"));
        Result untar = shell.shell("sh", "tar -xzf \"$1\" -C \"$2\"", null, Artifacts.distArchive().toString(), unpacked.toString());
        assertThat(untar.status()).as(untar.toString()).isZero();
        Path top;
        try (Stream<Path> entries = Files.list(unpacked)) {
            top = entries.findFirst().orElseThrow();
        }
        assertThat(top.getFileName().toString()).startsWith("keystash-");
        prefix = folder.resolve("prefix with space");
        install = shell.shell("sh", "\"$1\" --prefix \"$2\"", null, top.resolve("install.sh").toString(), prefix.toString());
        assertThat(install.status()).as(install + "\n" + install.out()).isZero();

        user = new KeystashCli(folder.resolve("user"));
        user.env("PATH", prefix.resolve("bin") + ":/usr/bin:/bin");
    }

    @Test
    void theInstalledTreeIsWhereTheInstallerSaysWithTheRightModes() throws IOException {
        assertThat(install.out()).contains("Installed keystash ").contains(prefix.resolve("bin/keystash").toString())
                .contains("is not on PATH");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prefix.resolve("bin/keystash")))).isEqualTo("rwxr-xr-x");
        for (String file : List.of("lib/keystash/keystash.jar", "lib/keystash/keystash-agent.jar", "share/man/man1/keystash.1",
                "share/man/man1/keystash-profile-add-key.1", "share/bash-completion/completions/keystash",
                "share/zsh/site-functions/_keystash", "share/doc/keystash/LICENSE")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prefix.resolve(file)))).as(file).isEqualTo("rw-r--r--");
        }
        assertThat(Files.readString(prefix.resolve("share/doc/keystash/LICENSE"))).contains("Apache License");
        try (Stream<Path> leftovers = Files.walk(prefix)) {
            assertThat(leftovers.map(Path::toString).filter(p -> p.contains(".install-"))).as("temporary copies").isEmpty();
        }
    }

    @Test
    void demoRunsFromPath() {
        Result which = user.shell("sh", "command -v keystash", null);
        assertThat(which.out().strip()).isEqualTo(prefix.resolve("bin/keystash").toString());
        Result demo = user.shell("sh", "keystash demo", null);
        assertThat(demo.status()).as(demo + "\n" + demo.out()).isZero();
        assertThat(demo.out()).contains("saw the stored values (lengths and fingerprints match): yes")
                .contains("no secret among them");
        assertThat(Files.exists(user.vaultFile())).as("the demo leaves the user's vault alone").isFalse();
    }

    @Test
    void agentLinePointsAtTheInstalledAgentJar() {
        Result line = user.shell("sh", "keystash agent-line --profile prod", null);
        assertThat(line.status()).as(line.toString()).isZero();
        assertThat(line.out().strip()).startsWith("'-javaagent:" + prefix.resolve("lib/keystash/keystash-agent.jar") + "=profile=prod");
    }

    @Test
    void theClassDataArchiveMadeAtInstallMapsAtTheInstalledPlace() {
        assertThat(install.out()).contains("keystash.jsa (class-data archive for Java");
        // -Xshare:on after the launcher's flags: the JVM refuses to start unless the archive maps.
        String options = user.environment().get("KEYSTASH_JAVA_OPTS");
        Result version = user.env("KEYSTASH_JAVA_OPTS", options + " -Xshare:on").shell("sh", "keystash --version", null);
        user.env("KEYSTASH_JAVA_OPTS", options);
        assertThat(version.status()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("keystash ");
    }

    @Test
    void manAndBashFindWhatWasInstalled() {
        Result page = user.shell("sh", "MANWIDTH=100 man -M \"$1/share/man\" keystash-store", null, prefix.toString());
        org.junit.jupiter.api.Assumptions.assumeTrue(page.status() != 127, "man not installed");
        assertThat(page.status()).as(page.toString()).isZero();
        assertThat(page.out()).contains("keystash-store - Add a key.").contains("--service");
        Result completion = user.shell("bash", ". \"$1/share/bash-completion/completions/keystash\" && complete -p keystash", null,
                prefix.toString());
        assertThat(completion.status()).as(completion.toString()).isZero();
        assertThat(completion.out()).contains("keystash");
    }

    /**
     * An interactive zsh (driven through a pseudo-terminal by zsh's own zpty) with the installed
     * site-functions folder on fpath completes {@code keystash profile ad<TAB>} and
     * {@code keystash sto<TAB>}.
     */
    @Test
    void zshCompletesFromTheInstalledSiteFunctions() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")), "zsh not installed");
        Path driver = folder.resolve("zsh-driver.zsh");
        Files.writeString(driver, """
                zmodload zsh/zpty
                zpty z zsh -f -i
                zpty -w z "PS1='> '; fpath=('$1/share/zsh/site-functions' \\$fpath); autoload -U compinit; compinit -u -D; keystash() { : }"
                sleep 1
                zpty -w -n z $'keystash profile ad\\t'
                sleep 1
                zpty -w -n z $'\\C-u'
                zpty -w -n z $'keystash sto\\t'
                sleep 1
                out=; while zpty -r -t z line; do out+=$line; done
                zpty -d z
                print -r -- "$out" | sed 's/\\x1b\\[[0-9;?]*[a-zA-Z]//g'
                """);
        Result zsh = user.shell("zsh", "zsh -f \"$1\" \"$2\"", null, driver.toString(), prefix.toString());
        assertThat(zsh.status()).as(zsh.toString()).isZero();
        assertThat(zsh.out()).contains("keystash profile add-key ").contains("keystash store ").doesNotContain("not found");
    }

    @Test
    void installingAgainReplacesTheOldInstallationAndBadOptionsAreRefused() throws IOException {
        Path script;
        try (Stream<Path> entries = Files.list(folder.resolve("unpacked"))) {
            script = entries.findFirst().orElseThrow().resolve("install.sh");
        }
        KeystashCli shell = new KeystashCli(folder.resolve("again"));
        Path again = folder.resolve("again-prefix");
        Result first = shell.shell("sh", "\"$1\" --prefix=\"$2\" --no-class-data", null, script.toString(), again.toString());
        assertThat(first.status()).as(first.toString()).isZero();
        assertThat(first.out()).doesNotContain("class-data archive for");
        // What an older version left: an archive made for its jar, the page of a command that is gone.
        Files.writeString(again.resolve("lib/keystash/keystash.jsa"), "old");
        Files.writeString(again.resolve("lib/keystash/keystash.jsa.jdk"), "old");
        Files.writeString(again.resolve("share/man/man1/keystash-gone.1"), ".TH OLD 1");
        Result second = shell.shell("sh", "\"$1\" --prefix \"$2\" --no-class-data", null, script.toString(), again.toString());
        assertThat(second.status()).as(second.toString()).isZero();
        assertThat(again.resolve("lib/keystash/keystash.jsa")).doesNotExist();
        assertThat(again.resolve("lib/keystash/keystash.jsa.jdk")).doesNotExist();
        assertThat(again.resolve("share/man/man1/keystash-gone.1")).doesNotExist();
        assertThat(again.resolve("share/man/man1/keystash-store.1")).exists();

        assertThat(shell.shell("sh", "\"$1\" --prefix", null, script.toString()).status()).isEqualTo(2);
        Result unknown = shell.shell("sh", "\"$1\" --frobnicate", null, script.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("install.sh: unknown option: --frobnicate");
    }
}
