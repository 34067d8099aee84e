package io.keystash.it.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Imports that would take far more memory than their size: a YAML file of millions of aliases of
 * one anchored 1 MB scalar, and a JSON file of millions of {@code 0,}. Both are refused with one
 * line and status 2 under a small heap, before a tree is built. And when memory does run out
 * (a legitimate import under a heap too small for it), the CLI says so in one line with status 6:
 * never an {@code OutOfMemoryError} stack trace.
 */
class ImportMemoryIT {
    @TempDir
    Path folder;
    KeystashCli cli;

    @BeforeEach
    void vault() {
        cli = KeystashCli.withVault(folder.resolve("cli"));
    }

    private static void assertOneLine(Result result, int status, String mentions) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.err().lines().toList()).as(result.toString()).hasSize(1);
        assertThat(result.err()).startsWith("keystash: ").contains(mentions).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aYamlFileOfMillionsOfAliasesIsRefusedQuickly() throws Exception {
        Path file = folder.resolve("bomb.yaml");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("keystash-export: 1\nbig: &x \"");
            out.write("a".repeat(1024 * 1024));
            out.write("\"\nmany:\n");
            for (int i = 0; i < 2_400_000; i++) {
                out.write("- *x\n");
            }
        }
        cli.env("KEYSTASH_JAVA_OPTS", "-Xmx256m");
        long started = System.nanoTime();
        Result result = cli.run("import", file.toString());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertOneLine(result, 2, "alias");
        Summary.passed("import memory", "YAML of 2.4 million aliases of a 1 MB anchor (" + Files.size(file) / (1024 * 1024)
                + " MB), -Xmx256m", 1, "refused in " + millis + " ms, exit 2, one line");
    }

    @Test
    void aJsonFileOfMillionsOfElementsIsRefusedUnderASmallHeap() throws Exception {
        Path file = folder.resolve("zeros.json");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"keystash-export\":1,\"x\":[");
            for (int i = 0; i < 7_800_000; i++) {
                out.write("0,");
            }
            out.write("0]}");
        }
        cli.env("KEYSTASH_JAVA_OPTS", "-Xmx64m");
        Result result = cli.run("import", file.toString());
        assertOneLine(result, 2, "items");
    }

    @Test
    void runningOutOfMemoryIsOneLineAndStatus6() throws Exception {
        String value = "v".repeat(60 * 1024);
        assertThat(cli.runWithInput(value, "store", "k0").status()).isZero();
        Path exported = folder.resolve("one.json");
        assertThat(cli.run("export", exported.toString(), "--include-secrets", "--plaintext").status()).isZero();
        ObjectMapper json = new ObjectMapper();
        ObjectNode document = (ObjectNode) json.readTree(exported.toFile());
        ArrayNode keys = (ArrayNode) document.get("keys");
        ObjectNode first = (ObjectNode) keys.get(0);
        for (int i = 1; i < 240; i++) {
            keys.add(first.deepCopy().put("name", "k" + i));
        }
        ((ObjectNode) document.get("totals")).put("keys", keys.size());
        Path big = folder.resolve("big.json");
        json.writeValue(big.toFile(), document);
        assertThat(cli.run("delete", "k0", "--yes").status()).isZero();
        cli.env("KEYSTASH_JAVA_OPTS", "-Xmx24m");
        Result result = cli.run("import", big.toString());
        assertOneLine(result, 6, "out of memory");
    }
}
