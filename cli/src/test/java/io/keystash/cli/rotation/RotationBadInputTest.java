package io.keystash.cli.rotation;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input to the rotation commands: each fails with its documented exit status and one
 * {@code keystash:} line, prints nothing on stdout, and leaves the vault and the backups folder untouched.
 */
class RotationBadInputTest {
    @TempDir
    Path folder;

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("rotate missing key", "v", 4, "no key named 'nope'", new String[] {"rotate", "nope"}),
                arguments("rotate without value", "", 2, "no value on standard input", new String[] {"rotate", "k"}),
                arguments("rotate name and --due", "", 2, "not both", new String[] {"rotate", "k", "--due"}),
                arguments("rotate neither name nor --due", "", 2, "give the name", new String[] {"rotate"}),
                arguments("--within without --due", "v", 2, "--within applies to --due only", new String[] {"rotate", "k", "--within", "3d"}),
                arguments("--keep with --due", "", 2, "apply to one key", new String[] {"rotate", "--due", "--keep", "3"}),
                arguments("bad --within", "", 2, "invalid period", new String[] {"rotate", "--due", "--within", "soon"}),
                arguments("bad --keep", "v", 2, "--keep must be between", new String[] {"rotate", "k", "--keep", "0"}),
                arguments("bad rotate --expires", "v", 2, "invalid date", new String[] {"rotate", "k", "--expires", "2027-13-01"}),
                arguments("from-provider without provider", "", 1, "has no rotation provider", new String[] {"rotate", "k", "--from-provider"}),
                arguments("rollback missing key", "", 4, "no key named 'nope'", new String[] {"rollback", "nope"}),
                arguments("rollback without earlier version", "", 4, "no earlier version", new String[] {"rollback", "k"}),
                arguments("rollback unknown version", "", 4, "no version 7", new String[] {"rollback", "k", "--to-version", "7"}),
                arguments("rollback current version", "", 5, "already current", new String[] {"rollback", "k", "--to-version", "1"}),
                arguments("rollback bad version", "", 2, "invalid value", new String[] {"rollback", "k", "--to-version", "x"}),
                arguments("history missing key", "", 4, "no key named 'nope'", new String[] {"history", "nope"}),
                arguments("history bad name", "", 2, "invalid key name", new String[] {"history", "a b"}),
                arguments("check-expiry bad period", "", 2, "invalid period", new String[] {"check-expiry", "--within", "month"}),
                arguments("missing provider class path", "", 4, "KEYSTASH_CLASSPATH", new String[] {"@classpath", "rotate", "--due"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsCleanlyAndChangesNothing(String name, String stdin, int status, String message, String[] args) throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("k", "k-value", "--expires-in", "1d");
        String[] resolved = args;
        if (args[0].equals("@classpath")) {
            cli.env("KEYSTASH_CLASSPATH", folder.resolve("missing.jar").toString());
            resolved = Stream.of(args).skip(1).toArray(String[]::new);
        }
        byte[] before = cli.vaultBytes();

        Result result = cli.runWithInput(stdin, resolved);

        assertThat(result.status()).as(name + ": " + result).isEqualTo(status);
        assertThat(result.err()).as(name).startsWith("keystash: ");
        assertThat(result.err().toLowerCase()).as(name).contains(message.toLowerCase());
        assertThat(result.err().strip().lines()).as(name).hasSize(1);
        assertThat(result.out()).as(name).isEmpty();
        assertThat(Files.readAllBytes(cli.vaultFile())).as(name + ": vault changed").isEqualTo(before);
        assertThat(Files.exists(cli.home().resolve("backups"))).as(name + ": backup written").isFalse();
    }
}
