package io.keystash.cli;

import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bad-input table, in-process: each case fails with its documented exit status and one line
 * on stderr starting {@code keystash:}, and leaves the vault file byte-for-byte unchanged.
 * (it-tests run the same table through the real launcher.)
 */
class BadInputTest {
    @TempDir
    Path folder;

    static Stream<Arguments> cases() {
        String big = "x".repeat(64 * 1024 + 1);
        return Stream.of(
                arguments("wrong key file", "", 3, "wrong passphrase or key", new String[] {"--key-file", "@other-key", "list"}),
                arguments("missing vault", "", 4, "no vault at", new String[] {"--vault", "@missing-vault", "list"}),
                arguments("missing key", "", 4, "no key named 'nope'", new String[] {"get", "nope"}),
                arguments("missing profile", "", 4, "no profile named 'nope'", new String[] {"profile", "show", "nope"}),
                arguments("missing profile for run", "", 4, "no profile named 'nope'", new String[] {"run", "--profile", "nope", "--", "true"}),
                arguments("duplicate key", "v", 5, "already exists", new String[] {"store", "existing"}),
                arguments("duplicate profile", "", 5, "already exists", new String[] {"profile", "create", "dev"}),
                arguments("bad key name", "v", 2, "invalid key name", new String[] {"store", "bad name"}),
                arguments("bad key name (slash)", "v", 2, "invalid key name", new String[] {"store", "a/b"}),
                arguments("bad env name", "v", 2, "invalid environment variable name", new String[] {"store", "k", "--env", "1BAD"}),
                arguments("bad property name", "v", 2, "invalid system property name", new String[] {"store", "k", "--property", "a=b"}),
                arguments("bad binding env", "", 2, "invalid environment variable name", new String[] {"profile", "add-key", "dev", "existing", "--env", "A-B"}),
                arguments("empty value", "", 2, "no value on standard input", new String[] {"store", "k"}),
                arguments("value of just a newline", "\n", 2, "the value is empty", new String[] {"store", "k"}),
                arguments("64 KiB + 1 value", big, 2, "65537 bytes", new String[] {"store", "k"}),
                arguments("unknown provider", "v", 2, "unknown provider 'nope'", new String[] {"store", "k", "--provider", "nope"}),
                arguments("unknown provider for setup", "v", 2, "unknown provider 'nope'", new String[] {"setup", "nope"}),
                arguments("bad date", "v", 2, "invalid date", new String[] {"store", "k", "--expires", "2027-02-30"}),
                arguments("bad duration", "v", 2, "invalid period", new String[] {"store", "k", "--expires-in", "90x"}),
                arguments("bad rotation period", "v", 2, "invalid period", new String[] {"store", "k", "--rotate-every", "-1d"}),
                arguments("bad rate limit", "v", 2, "invalid rate limit", new String[] {"store", "k", "--rate-limit", "fast"}),
                arguments("both expiry options", "v", 2, "mutually exclusive", new String[] {"store", "k", "--expires", "2030-01-01", "--expires-in", "9d"}),
                arguments("unknown option", "", 2, "unknown option", new String[] {"list", "--nope"}),
                arguments("unknown command", "", 2, "unmatched argument", new String[] {"nope"}),
                arguments("missing argument", "", 2, "missing required parameter", new String[] {"get"}),
                arguments("bad version number", "", 2, "invalid value", new String[] {"get", "existing", "--version", "two"}),
                arguments("export without --export", "", 2, "missing required option", new String[] {"profile", "load", "dev"}),
                arguments("remove unbound key", "", 4, "has no binding", new String[] {"profile", "remove-key", "dev", "existing"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsCleanlyAndLeavesTheVaultUnchanged(String name, String stdin, int status, String message, String[] args) throws Exception {
        CliHarness cli = CliHarness.withVault(folder);
        cli.store("existing", "existing-value", "--env", "EXISTING");
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        Path otherKey = folder.resolve("other.key");
        new CliHarness(folder.resolve("other")).run("--key-file", otherKey.toString(), "init");
        String[] resolved = Stream.of(args).map(a -> switch (a) {
            case "@other-key" -> otherKey.toString();
            case "@missing-vault" -> folder.resolve("nowhere/vault").toString();
            default -> a;
        }).toArray(String[]::new);
        byte[] before = cli.vaultBytes();

        Result result = cli.runWithInput(stdin, resolved);

        assertThat(result.status()).as(name + ": " + result).isEqualTo(status);
        assertThat(result.err()).as(name).startsWith("keystash: ");
        assertThat(result.err().toLowerCase()).as(name).contains(message.toLowerCase());
        assertThat(result.err().strip().lines()).as(name).hasSize(1);
        assertThat(result.out()).as(name).isEmpty();
        assertThat(Files.readAllBytes(cli.vaultFile())).as(name + ": vault changed").isEqualTo(before);
    }
}
