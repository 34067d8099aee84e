package io.keystash.it.cli;

import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bad-input table through the real launcher: each case exits with its documented exit
 * status and one line on stderr starting {@code keystash:}, prints nothing on stdout, and leaves
 * the vault byte-for-byte unchanged. One vault serves every case, which is the point: none may change it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private Path folder;
    private KeystashCli cli;
    private Path otherKey;

    @BeforeAll
    void vault() throws IOException {
        folder = Files.createTempDirectory("keystash-bad-input-");
        cli = KeystashCli.withVault(folder);
        assertThat(cli.runWithInput("existing-value", "store", "existing", "--env", "EXISTING").status()).isZero();
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        assertThat(cli.runWithInput("the right passphrase", "passwd", "--kdf", "pbkdf2").status()).isZero();
        otherKey = folder.resolve("other.key");
        assertThat(new KeystashCli(folder.resolve("other")).run("--key-file", otherKey.toString(), "init").status()).isZero();
    }

    @AfterAll
    void cleanUp() throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    Stream<Arguments> cases() {
        return Stream.of(
                arguments("wrong key file", "", 3, "wrong passphrase or key", new String[] {"--key-file", "@other-key", "list"}),
                arguments("wrong passphrase", "", 3, "wrong passphrase or key", new String[] {"--passphrase-file", "@pass-file", "list"}),
                arguments("missing vault", "", 4, "no vault at", new String[] {"--vault", "@missing-vault", "get", "k"}),
                arguments("missing key", "", 4, "no key named 'nope'", new String[] {"get", "nope"}),
                arguments("missing profile", "", 4, "no profile named 'nope'", new String[] {"profile", "load", "nope", "--export"}),
                arguments("duplicate key", "v", 5, "already exists", new String[] {"store", "existing"}),
                arguments("bad key name", "v", 2, "invalid key name", new String[] {"store", "bad name"}),
                arguments("bad env name", "v", 2, "invalid environment variable name", new String[] {"store", "k", "--env", "1X"}),
                arguments("bad property name", "v", 2, "invalid system property name", new String[] {"store", "k", "--property", "a b"}),
                arguments("empty value", "", 2, "no value on standard input", new String[] {"store", "k"}),
                arguments("64 KiB + 1 value", "x".repeat(64 * 1024 + 1), 2, "65537 bytes", new String[] {"store", "k"}),
                arguments("unknown provider", "v", 2, "unknown provider", new String[] {"store", "k", "--provider", "nope"}),
                arguments("bad date", "v", 2, "invalid date", new String[] {"store", "k", "--expires", "31/12/2030"}),
                arguments("bad duration", "v", 2, "invalid period", new String[] {"store", "k", "--expires-in", "soon"}),
                arguments("unknown option", "", 2, "unknown option", new String[] {"get", "existing", "--nope"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsCleanlyAndLeavesTheVaultUnchanged(String name, String stdin, int status, String message, String[] args)
            throws IOException {
        Path passFile = folder.resolve("wrong-pass.txt");
        Files.writeString(passFile, "not the passphrase\n");
        String[] resolved = Stream.of(args).map(a -> switch (a) {
            case "@other-key" -> otherKey.toString();
            case "@pass-file" -> passFile.toString();
            case "@missing-vault" -> folder.resolve("nowhere/vault").toString();
            default -> a;
        }).toArray(String[]::new);
        // The wrong-passphrase case needs the key-file variable out of the way (it would win).
        KeystashCli launcher = name.equals("wrong passphrase") ? new KeystashCli(folder) : cli;
        byte[] before = Files.readAllBytes(cli.vaultFile());

        Result result = launcher.runWithInput(stdin, resolved);

        assertThat(result.status()).as(name + ": " + result).isEqualTo(status);
        assertThat(result.err()).as(name).startsWith("keystash: ");
        assertThat(result.err().toLowerCase()).as(name).contains(message.toLowerCase());
        assertThat(result.err().strip().lines()).as(name).hasSize(1);
        assertThat(result.out()).as(name).isEmpty();
        assertThat(Files.readAllBytes(cli.vaultFile())).as(name + ": vault changed").isEqualTo(before);
    }
}
