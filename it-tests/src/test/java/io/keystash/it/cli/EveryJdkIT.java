package io.keystash.it.cli;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.keystash.it.support.Hashes.sha256Hex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher on each supported JDK found (JAVA_HOME chooses it): the piped round trip and the
 * no-terminal path, which differ between JDK 17 ({@code System.console()} null when redirected)
 * and 22+ (a console that is not a terminal).
 */
class EveryJdkIT {
    @TempDir
    Path folder;

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void roundTripAndNoTerminal(Jdk jdk) throws Exception {
        Jdks.assumePresent(jdk);
        KeystashCli cli = KeystashCli.withVault(Files.createDirectories(folder.resolve("jdk" + jdk.major())));
        cli.env("JAVA_HOME", jdk.home().toString());
        Result version = cli.run("--version");
        assertThat(version.out()).contains("Java " + jdk.version().split("\\+")[0].split("-")[0]);
        assertThat(cli.runWithInput("value-on-" + jdk.major(), "store", "k").status()).isZero();
        assertThat(sha256Hex(cli.run("get", "k").out())).isEqualTo(sha256Hex("value-on-" + jdk.major() + "\n"));
        Result noInput = cli.run("store", "other");
        assertThat(noInput.status()).isEqualTo(2);
        assertThat(noInput.err()).startsWith("keystash: no value on standard input");
        Result locked = cli.env("KEYSTASH_KEY_FILE", null).run("list");
        assertThat(locked.status()).as(locked.toString()).isEqualTo(3);
    }
}
