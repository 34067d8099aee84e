package io.keystash.cli.rotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.ScriptedTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/** rotate, rollback, history, report and check-expiry in-process. */
class RotationCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @TempDir
    Path folder;
    CliHarness cli;

    @BeforeEach
    void vault() {
        cli = CliHarness.withVault(folder);
    }

    private String value(String... getArgs) {
        List<String> args = new ArrayList<>(List.of("get"));
        args.addAll(List.of(getArgs));
        Result get = cli.run(args.toArray(String[]::new));
        assertThat(get.status()).as(get.toString()).isZero();
        return sha256(get.out());
    }

    private static String hashOf(String value) {
        return sha256(value + "\n");
    }

    private List<Path> backups() throws Exception {
        try (Stream<Path> files = Files.list(cli.home().resolve("backups"))) {
            return files.sorted().toList();
        }
    }

    private JsonNode json(Result result) throws Exception {
        assertThat(result.err()).as("stderr").doesNotContain("Exception");
        return JSON.readTree(result.out());
    }

    @Test
    void rotateReadsTheNewValueKeepsTheOldOneWritesABackupAndRecomputesExpiry() throws Exception {
        cli.store("api", "value-one", "--rotate-every", "30d", "--expires-in", "2d");
        Result rotate = cli.runWithInput("value-two\n", "rotate", "api");
        assertThat(rotate.status()).as(rotate.toString()).isZero();
        assertThat(rotate.err()).contains("'api' rotated from version 1 to 2; expires " + TODAY.plusDays(30))
                .doesNotContain("value-");
        assertThat(rotate.out()).isEmpty();
        assertThat(value("api")).isEqualTo(hashOf("value-two"));
        assertThat(value("api", "--version", "1")).isEqualTo(hashOf("value-one"));
        assertThat(backups()).singleElement().satisfies(file -> {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("value-one");
        });
        JsonNode listed = json(cli.run("list", "--json")).get(0);
        assertThat(listed.get("expires").asText()).isEqualTo(TODAY.plusDays(30).toString());
        assertThat(Files.readString(cli.home().resolve("audit.log"))).contains("\"op\":\"rotate\"")
                .contains("\"versions\":[1,2]").doesNotContain("value-");
    }

    @Test
    void rotateAsksForTheValueHiddenOnATerminal() {
        cli.store("api", "value-one");
        ScriptedTerminal terminal = ScriptedTerminal.answering("typed-two");
        Result rotate = cli.run(new byte[0], terminal, "rotate", "api");
        assertThat(rotate.status()).as(rotate.toString()).isZero();
        assertThat(terminal.prompts).singleElement().asString().contains("New value for api").contains("hidden");
        assertThat(value("api")).isEqualTo(hashOf("typed-two"));
        ScriptedTerminal unused = ScriptedTerminal.answering("never-asked");
        Result missing = cli.run(new byte[0], unused, "rotate", "nope");
        assertThat(missing.status()).isEqualTo(4);
        assertThat(unused.prompts).isEmpty();
    }

    @Test
    void rotateSetsKeepAndCommandsAndFromProviderUsesThemAtOnce() throws Exception {
        cli.store("api", "value-one");
        Result rotate = cli.run("rotate", "api", "--keep", "2", "--rotate-command", "printf 'made-for-%s' \"$KEYSTASH_KEY\"",
                "--from-provider");
        assertThat(rotate.status()).as(rotate.toString()).isZero();
        assertThat(value("api")).isEqualTo(hashOf("made-for-api"));
        cli.runWithInput("value-three", "rotate", "api");
        JsonNode listed = json(cli.run("list", "--json")).get(0);
        assertThat(listed.get("keep").asInt()).isEqualTo(2);
        assertThat(listed.get("versions")).extracting(v -> v.get("number").asInt()).containsExactly(2, 3);
    }

    @Test
    void dryRunReadsNoValueAndChangesNothing() throws Exception {
        cli.store("api", "value-one", "--expires-in", "1d", "--rotate-command", "echo fresh");
        cli.store("manual", "m", "--expires-in", "1d");
        byte[] before = cli.vaultBytes();
        Result one = cli.run("rotate", "api", "--dry-run");
        assertThat(one.status()).as(one.toString()).isZero();
        assertThat(one.err()).contains("Would rotate 'api' to version 2");
        Result due = cli.run("rotate", "--due", "--dry-run");
        assertThat(due.status()).as(due.toString()).isZero();
        assertThat(due.out()).contains("Would rotate 'api' with the command provider to version 2");
        assertThat(due.err()).contains("warning: 'manual' is due");
        Result rollback = cli.run("rollback", "api", "--dry-run");
        assertThat(rollback.status()).isEqualTo(4);
        assertThat(cli.vaultBytes()).isEqualTo(before);
        assertThat(Files.exists(cli.home().resolve("backups"))).isFalse();
    }

    @Test
    void dueRotationReportsEachKeyAndExitsOneWhenAnyFailed() throws Exception {
        cli.store("ok", "ok-1", "--expires-in", "3d", "--rotate-command", "printf 'ok-%s' 2");
        cli.store("fails", "fails-1", "--expires-in", "3d", "--rotate-command", "exit 3");
        cli.store("empty", "empty-1", "--expires-in", "3d", "--rotate-command", "true");
        cli.store("rejected", "rejected-1", "--expires-in", "3d", "--rotate-command", "echo candidate",
                "--validate-command", "grep -qx never");
        cli.store("later", "later-1", "--expires-in", "60d", "--rotate-command", "echo x");

        Result due = cli.run("rotate", "--due", "--json");

        assertThat(due.status()).as(due.toString()).isEqualTo(1);
        JsonNode results = json(due);
        assertThat(results).extracting(r -> r.get("key").asText() + "=" + r.get("outcome").asText())
                .containsExactlyInAnyOrder("ok=rotated", "fails=failed", "empty=failed", "rejected=failed");
        assertThat(due.err()).contains("keystash: rotate command of 'fails' exited with status 3")
                .contains("keystash: rotate command of 'empty' printed nothing")
                .contains("keystash: validate command of 'rejected' rejected the new value (status 1); rotation rolled back")
                .contains("keystash: 3 of 4 due keys could not be rotated").doesNotContain("candidate");
        assertThat(value("ok")).isEqualTo(hashOf("ok-2"));
        assertThat(value("fails")).isEqualTo(hashOf("fails-1"));
        assertThat(value("empty")).isEqualTo(hashOf("empty-1"));
        assertThat(value("rejected")).isEqualTo(hashOf("rejected-1"));
        assertThat(value("later")).isEqualTo(hashOf("later-1"));
        Result within = cli.run("rotate", "--due", "--within", "90d");
        assertThat(within.out()).contains("'later' rotated from version 1 to 2");
    }

    @Test
    void nothingDueIsSuccess() {
        cli.store("api", "v", "--expires-in", "30d", "--rotate-command", "echo x");
        Result due = cli.run("rotate", "--due");
        assertThat(due.status()).as(due.toString()).isZero();
        assertThat(due.out()).isEqualTo("No key is due within 7 days.\n");
        assertThat(due.err()).isEmpty();
        Result json = cli.run("rotate", "--due", "--json");
        assertThat(json.out().strip()).isEqualTo("[ ]");
    }

    @Test
    void rollbackToEachVersionAddsVersionsAndRefusesUnknownPrunedAndCurrentOnes() {
        cli.store("api", "v1", "--keep", "3");
        cli.runWithInput("v2", "rotate", "api");
        cli.runWithInput("v3", "rotate", "api");
        Result back = cli.run("rollback", "api");
        assertThat(back.status()).as(back.toString()).isZero();
        assertThat(back.err()).contains("Version 2 of 'api' is current again as version 4");
        assertThat(value("api")).isEqualTo(hashOf("v2"));
        assertThat(cli.run("rollback", "api", "--to-version", "3").status()).isZero();
        assertThat(value("api")).isEqualTo(hashOf("v3"));
        Result pruned = cli.run("rollback", "api", "--to-version", "1");
        assertThat(pruned.status()).isEqualTo(4);
        assertThat(pruned.err()).startsWith("keystash: ").contains("no version 1 (it was pruned; only the last 3 are kept)");
        Result unknown = cli.run("rollback", "api", "--to-version", "42");
        assertThat(unknown.status()).isEqualTo(4);
        assertThat(unknown.err()).contains("no version 42");
        assertThat(cli.run("rollback", "api", "--to-version", "5").status()).isEqualTo(5);
    }

    @Test
    void historyJsonListsEveryChangeWithVersionsActorAndOutcome() throws Exception {
        cli.store("api", "v1");
        cli.store("other", "o1");
        cli.runWithInput("v2", "rotate", "api");
        cli.run("rollback", "api");
        cli.run("rotate", "api", "--rotate-command", "exit 5", "--from-provider");

        JsonNode events = json(cli.run("history", "api", "--json"));

        assertThat(events).extracting(e -> e.get("action").asText() + " " + e.get("fromVersion").asText() + "->"
                + e.get("toVersion").asText() + " " + e.get("outcome").asText())
                .containsExactly("store null->1 ok", "rotate 1->2 ok", "rollback from 1 2->3 ok", "rotate 3->null failed: provider");
        assertThat(events).allMatch(e -> e.get("key").asText().equals("api") && e.get("actor").asText().contains("@")
                && !e.get("time").asText().isEmpty());
        assertThat(json(cli.run("history", "--json"))).extracting(e -> e.get("key").asText()).contains("api", "other");
        Result table = cli.run("history");
        assertThat(table.out()).contains("1 -> 2").contains("failed: provider");
        assertThat(cli.run("history", "nope").status()).isEqualTo(4);
    }

    @Test
    void reportJsonHasPerKeyStateAndTotals() throws Exception {
        cli.store("old", "o1", "--provider", "openai", "--expires", "2020-01-01", "--rotate-command", "echo x");
        cli.store("new", "n1", "--provider", "openai", "--rotate-every", "90d");
        cli.runWithInput("n2", "rotate", "new");
        cli.run("profile", "create", "prod");
        cli.run("profile", "add-key", "prod", "old");

        JsonNode report = json(cli.run("report", "--json"));

        assertThat(report.get("today").asText()).isEqualTo(TODAY.toString());
        JsonNode old = report.get("keys").get(1);
        assertThat(old.get("key").asText()).isEqualTo("old");
        assertThat(old.get("overdue").asBoolean()).isTrue();
        assertThat(old.get("rotations").asInt()).isZero();
        assertThat(old.get("lastRotated").isNull()).isTrue();
        assertThat(old.get("rotationProvider").asText()).isEqualTo("command");
        assertThat(old.get("profiles")).extracting(JsonNode::asText).containsExactly("prod");
        JsonNode fresh = report.get("keys").get(0);
        assertThat(fresh.get("key").asText()).isEqualTo("new");
        assertThat(fresh.get("rotations").asInt()).isEqualTo(1);
        assertThat(fresh.get("nextDue").asText()).isEqualTo(TODAY.plusDays(90).toString());
        assertThat(fresh.get("overdue").asBoolean()).isFalse();
        assertThat(fresh.get("rotationProvider").isNull()).isTrue();
        assertThat(report.get("byProvider")).singleElement().satisfies(t -> {
            assertThat(t.get("provider").asText()).isEqualTo("openai");
            assertThat(t.get("keys").asInt()).isEqualTo(2);
            assertThat(t.get("overdue").asInt()).isEqualTo(1);
            assertThat(t.get("expired").asInt()).isEqualTo(1);
            assertThat(t.get("rotations").asInt()).isEqualTo(1);
        });
        assertThat(report.get("byProfile")).singleElement().satisfies(t -> {
            assertThat(t.get("profile").asText()).isEqualTo("prod");
            assertThat(t.get("keys").asInt()).isEqualTo(1);
        });
        Result text = cli.run("report");
        assertThat(text.out()).contains("KEY").contains("MEAN INTERVAL").contains("PROVIDER  KEYS").contains("PROFILE");
    }

    @Test
    void checkExpiryExitsOneWhenAKeyExpiresWithinThePeriod() throws Exception {
        assertThat(cli.run("check-expiry").status()).isZero();
        cli.store("soon", "s", "--expires-in", "10d");
        cli.store("gone", "g", "--expires", "2020-01-01");
        cli.store("far", "f", "--expires-in", "100d");
        Result found = cli.run("check-expiry", "--json");
        assertThat(found.status()).isEqualTo(1);
        JsonNode findings = json(found);
        assertThat(findings).extracting(f -> f.get("key").asText() + ":" + f.get("expired").asBoolean())
                .containsExactly("gone:true", "soon:false");
        assertThat(findings.get(1).get("daysLeft").asInt()).isEqualTo(10);
        Result text = cli.run("check-expiry", "--within", "5d");
        assertThat(text.status()).isEqualTo(1);
        assertThat(text.out()).contains("gone").contains("expired").doesNotContain("soon");
        cli.run("delete", "gone", "--yes");
        Result none = cli.run("check-expiry", "--within", "5d");
        assertThat(none.status()).as(none.toString()).isZero();
        assertThat(none.out()).isEqualTo("No key has expired or expires within 5 days.\n");
        assertThat(none.err()).isEmpty();
    }
}
