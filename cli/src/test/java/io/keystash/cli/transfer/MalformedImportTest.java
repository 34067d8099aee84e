package io.keystash.cli.transfer;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The malformed-input corpus through the command: for each import format, truncated files, wrong
 * types, duplicate and invalid names, a huge file and binary garbage. Each is refused with status
 * 2 and one line naming the file and where, prints nothing on stdout, never repeats the secret
 * the file holds, and leaves the vault byte-for-byte unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedImportTest {
    private static final String SECRET = "sk-corpus-secret-0123456789abcdef";

    @TempDir
    static Path folder;
    private CliHarness cli;
    private String validJson;
    private String validYaml;

    @BeforeAll
    void vaultAndValidExports() throws IOException {
        Files.createDirectories(folder.resolve("vault"));
        cli = CliHarness.withVault(folder.resolve("vault"));
        cli.store("existing", SECRET, "--env", "EXISTING");
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        assertThat(cli.run("profile", "add-key", "dev", "existing").status()).isZero();
        assertThat(cli.run("export", folder.resolve("valid.json").toString(), "--include-secrets", "--plaintext").status()).isZero();
        assertThat(cli.run("export", folder.resolve("valid.yaml").toString(), "--include-secrets", "--plaintext").status()).isZero();
        validJson = Files.readString(folder.resolve("valid.json"));
        validYaml = Files.readString(folder.resolve("valid.yaml"));
        assertThat(cli.run("delete", "existing", "--yes").status()).isZero();
        assertThat(cli.run("profile", "delete", "dev").status()).isZero();
    }

    private Map<String, byte[]> corpus() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String secretLine = "    \"value\" : \"" + SECRET + "\"";
        files.put("json truncated.json", bytes(validJson.substring(0, validJson.indexOf(SECRET) + 10)));
        files.put("json truncated at the end.json", bytes(validJson.substring(0, validJson.length() - 3)));
        files.put("json wrong type.json", bytes(validJson.replace("\"keep\" : 10", "\"keep\" : \"ten\"")));
        files.put("json value as number.json", bytes(validJson.replace(secretLine, "    \"value\" : 42")));
        files.put("json duplicate key.json", bytes(validJson.replace("\"keys\" : [ {", "\"keys\" : [ " + keyObject(validJson) + ", {")));
        files.put("json invalid key name.json", bytes(validJson.replace("\"name\" : \"existing\"", "\"name\" : \"no spaces allowed\"")));
        files.put("json invalid variable.json", bytes(validJson.replace("\"env\" : \"EXISTING\"", "\"env\" : \"1-BAD\"")));
        files.put("json unknown field.json", bytes(validJson.replace("\"secrets\"", "\"colour\" : \"red\",\n  \"secrets\"")));
        files.put("json newer format.json", bytes(validJson.replace("\"keystash-export\" : 1", "\"keystash-export\" : 9")));
        files.put("json value too big.json", bytes(validJson.replace(SECRET, "x".repeat(64 * 1024 + 1))));
        files.put("yaml truncated.yaml", bytes(validYaml.substring(0, validYaml.indexOf(SECRET) + 10)));
        files.put("yaml cut before totals.yaml", bytes(validYaml.substring(0, validYaml.indexOf("totals:"))));
        files.put("yaml wrong type.yaml", bytes(validYaml.replace("keep: 10", "keep: [10]")));
        files.put("yaml duplicate field.yaml", bytes(validYaml.replace("secrets:", "secrets: \"none\"\nsecrets:")));
        files.put("yaml invalid profile name.yaml", bytes(validYaml.replace("name: \"dev\"", "name: \"dev/prod\"")));
        files.put("env no equals.env", bytes("A=1\n" + SECRET + "\n"));
        files.put("env unclosed quote.env", bytes("A=\"" + SECRET + "\nB=2\n"));
        files.put("env duplicate.env", bytes("A=1\nA=" + SECRET + "\n"));
        files.put("env invalid name.env", bytes("9LIVES=" + SECRET + "\n"));
        files.put("env empty value.env", bytes("A=\n"));
        files.put("env same key twice.env", bytes("_A=1\nA=2\n"));
        files.put("env value too big.env", bytes("A=" + "x".repeat(64 * 1024 + 1) + "\n"));
        SplittableRandom random = new SplittableRandom(0xC0AB_0005L);
        for (String extension : new String[] {"json", "yaml", "env"}) {
            byte[] garbage = new byte[2048];
            random.nextBytes(garbage);
            garbage[7] = 0;
            files.put("binary garbage." + extension, garbage);
            files.put("huge." + extension, new byte[16 * 1024 * 1024 + 1]);
        }
        return files;
    }

    private static String keyObject(String json) {
        int start = json.indexOf("\"keys\" : [ {") + "\"keys\" : [ ".length();
        int end = json.indexOf("} ],\n  \"profiles\"") + 1;
        return json.substring(start, end);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedFileIsRefusedAndChangesNothing() {
        return corpus().entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            Path file = folder.resolve(c.getKey().replace(' ', '-'));
            write(file, c.getValue());
            byte[] before = cli.vaultBytes();

            Result result = cli.run("import", file.toString());

            assertThat(result.status()).as(c.getKey() + ": " + result).isEqualTo(2);
            assertThat(result.err()).startsWith("keystash: ");
            assertThat(result.err().strip().lines()).hasSize(1);
            assertThat(result.err()).contains(file.toString());
            assertThat(result.err().contains(SECRET)).as("the message repeats the secret").isFalse();
            assertThat(result.out()).isEmpty();
            assertThat(cli.vaultBytes()).as("vault changed").isEqualTo(before);
        }));
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
