package io.keystash.cli.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.ScriptedTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;

import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/** store, get, list, delete in-process. */
class KeyCommandsTest {
    private static final String OPENAI = "sk-test0123456789abcdefghijklmnop";

    @TempDir
    Path folder;
    CliHarness cli;

    @BeforeEach
    void vault() {
        cli = CliHarness.withVault(folder);
    }

    @Test
    void storeThenGetReturnsTheValueWithOneNewline() {
        Result store = cli.runWithInput(OPENAI + "\n", "store", "openai", "--provider", "openai");
        assertThat(store.status()).as(store.toString()).isZero();
        assertThat(store.err()).contains("Stored 'openai' (version 1)").doesNotContain("warning");
        Result get = cli.run("get", "openai");
        assertThat(get.status()).isZero();
        assertThat(sha256(get.out())).isEqualTo(sha256(OPENAI + "\n"));
    }

    @Test
    void onlyOneTrailingNewlineIsStripped() {
        cli.store("k", "line1\nline2\n\n");
        assertThat(sha256(cli.run("get", "k").out())).isEqualTo(sha256("line1\nline2\n\n"));
    }

    @Test
    void valueIsAskedHiddenOnATerminal() {
        ScriptedTerminal terminal = ScriptedTerminal.answering("typed-value");
        Result store = cli.run(new byte[0], terminal, "store", "typed");
        assertThat(store.status()).as(store.toString()).isZero();
        assertThat(terminal.prompts).singleElement().asString().contains("hidden");
        assertThat(sha256(cli.run("get", "typed").out())).isEqualTo(sha256("typed-value\n"));
    }

    @Test
    void unusualValueForAProviderWarnsButIsStored() {
        Result store = cli.runWithInput("not-a-key", "store", "o", "--provider", "openai");
        assertThat(store.status()).isZero();
        assertThat(store.err()).contains("warning: the value does not look like an OpenAI key");
        assertThat(store.err()).doesNotContain("not-a-key");
    }

    @Test
    void anAwsAccessKeyIdStoredAsItsOwnKeyIsServedAsTheIdNotTheSecretKey() throws Exception {
        Result id = cli.runWithInput("AKIAIOSFODNN7EXAMPLE", "store", "aws-key-id", "--provider", "aws", "--env", "AWS_ACCESS_KEY_ID");
        assertThat(id.status()).as(id.toString()).isZero();
        assertThat(id.err()).as("an access key id is not checked as a secret access key").doesNotContain("warning");
        cli.store("aws-secret", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "--provider", "aws");
        JsonNode keys = new ObjectMapper().readTree(cli.run("list", "--json").out());
        assertThat(keys.findValuesAsText("property")).containsExactly("aws.accessKeyId", "aws.secretAccessKey");

        cli.run("profile", "create", "prod");
        assertThat(cli.run("profile", "add-key", "prod", "aws-key-id").err())
                .contains("as AWS_ACCESS_KEY_ID and property aws.accessKeyId");
        Result secret = cli.run("profile", "add-key", "prod", "aws-secret");
        assertThat(secret.status()).as(secret.toString()).isZero();
        assertThat(secret.err()).contains("as AWS_SECRET_ACCESS_KEY and property aws.secretAccessKey");
    }

    @Test
    void storeForceAddsAVersionAndGetVersionReadsOldOnes() {
        cli.store("k", "first");
        Result again = cli.runWithInput("second", "store", "k");
        assertThat(again.status()).isEqualTo(5);
        assertThat(again.err()).contains("already exists").contains("--force");
        assertThat(cli.runWithInput("second", "store", "k", "--force").status()).isZero();
        assertThat(sha256(cli.run("get", "k").out())).isEqualTo(sha256("second\n"));
        assertThat(sha256(cli.run("get", "k", "--version", "1").out())).isEqualTo(sha256("first\n"));
        Result missing = cli.run("get", "k", "--version", "7");
        assertThat(missing.status()).isEqualTo(4);
        assertThat(missing.err()).contains("no version 7");
    }

    @Test
    void listShowsMetadataAndNeverValues() {
        cli.store("openai", OPENAI, "--provider", "openai", "--tag", "prod", "--expires-in", "30d");
        cli.store("other", "other-secret-value", "--env", "OTHER_TOKEN", "--tag", "dev");
        Result list = cli.run("list");
        assertThat(list.status()).isZero();
        assertThat(list.out()).contains("NAME").contains("PROVIDER").contains("EXPIRES").contains("LAST ROTATED")
                .contains("OPENAI_API_KEY").contains("OTHER_TOKEN").contains("(in 30d)").contains("v1 (1 kept)");
        assertThat(list.out().contains(OPENAI) || list.out().contains("other-secret-value")).isFalse();
        assertThat(cli.run("list", "--tag", "dev").out()).contains("other").doesNotContain("openai");
        assertThat(cli.run("list", "--provider", "openai").out()).contains("openai").doesNotContain("OTHER_TOKEN");
    }

    @Test
    void listTableColumnsAreAligned() {
        cli.store("a", "v1", "--env", "A");
        cli.store("longer-name", "v2", "--env", "LONGER_VARIABLE");
        String[] lines = cli.run("list").out().split("\n");
        assertThat(lines[0].indexOf("PROVIDER")).isEqualTo(lines[1].indexOf("custom")).isEqualTo(lines[2].indexOf("custom"));
    }

    @Test
    void listJsonIsMachineReadable() throws Exception {
        cli.store("openai", OPENAI, "--provider", "openai", "--expires", LocalDate.now().plusDays(10).toString(),
                "--rate-limit", "60/min", "--setting", "OPENAI_ORG_ID=org-1", "--rotate-every", "90d");
        Result list = cli.run("list", "--json");
        assertThat(list.out().contains(OPENAI)).isFalse();
        JsonNode key = new ObjectMapper().readTree(list.out()).get(0);
        assertThat(key.get("name").asText()).isEqualTo("openai");
        assertThat(key.get("env").asText()).isEqualTo("OPENAI_API_KEY");
        assertThat(key.get("daysLeft").asInt()).isEqualTo(10);
        assertThat(key.get("rateLimit").asText()).isEqualTo("60/min");
        assertThat(key.get("settings").get("OPENAI_ORG_ID").asText()).isEqualTo("org-1");
        assertThat(key.get("rotateEveryDays").asInt()).isEqualTo(90);
        assertThat(key.get("currentVersion").asInt()).isEqualTo(1);
        assertThat(key.get("versions")).hasSize(1);
    }

    @Test
    void emptyListSaysSoOnStderr() {
        Result list = cli.run("list");
        assertThat(list.status()).isZero();
        assertThat(list.out()).isEmpty();
        assertThat(list.err()).contains("No keys yet");
        assertThat(cli.run("list", "--json").out().strip()).isEqualTo("[ ]");
    }

    @Test
    void getOfAnExpiredKeyPrintsTheValueAndANoteOnStderr() {
        cli.store("old", "old-value", "--expires", "2020-01-31");
        cli.store("fresh", "fresh-value", "--expires", "2999-12-31");
        Result old = cli.run("get", "old");
        assertThat(old.status()).isZero();
        assertThat(sha256(old.out())).isEqualTo(sha256("old-value\n"));
        assertThat(old.err()).isEqualTo("keystash: note: key 'old' expired on 2020-01-31 (rotate it: keystash rotate old)\n");
        Result fresh = cli.run("get", "fresh");
        assertThat(fresh.err()).isEmpty();
    }

    @Test
    void deleteRemovesKeyAndBindings() {
        cli.store("k", "v", "--env", "K");
        cli.run("profile", "create", "dev");
        cli.run("profile", "add-key", "dev", "k");
        Result delete = cli.run("delete", "k");
        assertThat(delete.status()).as(delete.toString()).isZero();
        assertThat(delete.err()).contains("removed from profiles: dev");
        assertThat(cli.run("get", "k").status()).isEqualTo(4);
        assertThat(cli.run("delete", "k").status()).isEqualTo(4);
    }

    @Test
    void deleteAsksOnATerminalUnlessYes() {
        cli.store("k", "v");
        ScriptedTerminal no = ScriptedTerminal.answering("n");
        assertThat(cli.run(new byte[0], no, "delete", "k").err()).contains("Nothing deleted");
        assertThat(no.prompts).singleElement().asString().contains("Delete key 'k'");
        assertThat(cli.run("get", "k").status()).isZero();
        assertThat(cli.run(new byte[0], ScriptedTerminal.answering("y"), "delete", "k").status()).isZero();
        cli.store("j", "v");
        ScriptedTerminal unused = ScriptedTerminal.answering();
        assertThat(cli.run(new byte[0], unused, "delete", "j", "--yes").status()).isZero();
        assertThat(unused.prompts).isEmpty();
    }

    @Test
    void valueOfExactly64KiBIsAcceptedAndOneMoreByteIsNot() {
        String max = "x".repeat(64 * 1024);
        assertThat(cli.runWithInput(max + "\n", "store", "big").status()).isZero();
        assertThat(sha256(cli.run("get", "big").out())).isEqualTo(sha256(max + "\n"));
        Result over = cli.runWithInput(max + "y", "store", "bigger");
        assertThat(over.status()).isEqualTo(2);
        assertThat(over.err()).contains("64 KiB");
        Result wayOver = cli.run(("z".repeat(200_000)).getBytes(StandardCharsets.UTF_8), ScriptedTerminal.none(), "store", "huge");
        assertThat(wayOver.status()).isEqualTo(2);
        assertThat(wayOver.err()).contains("64 KiB");
    }

    @Test
    void invalidUtf8IsRefused() {
        Result result = cli.run(new byte[] {(byte) 0xC3, (byte) 0x28}, ScriptedTerminal.none(), "store", "bad");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("UTF-8");
    }

    @Test
    void clipboardWithoutADesktopFailsWithStatus6BeforeUnlocking() {
        cli.store("k", "v");
        cli.env("DISPLAY", null).env("WAYLAND_DISPLAY", null);
        Result result = cli.run("get", "k", "--clipboard");
        assertThat(result.status()).isEqualTo(6);
        assertThat(result.err()).startsWith("keystash: no clipboard available");
        assertThat(result.out()).isEmpty();
    }
}
