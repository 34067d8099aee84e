package io.keystash.cli.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.cli.ScriptedTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;


import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands and endpoints that arrive from elsewhere, in-process: an export made by someone else's
 * Keystash ({@code mallory}'s vault) is imported into ours, and what it brings is neither run nor
 * served until {@code keystash trust}; what we set ourselves is.
 */
class TrustCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;
    CliHarness mallory;
    CliHarness cli;
    Path marker;

    @BeforeEach
    void vaults() throws Exception {
        Files.createDirectories(folder.resolve("mallory"));
        Files.createDirectories(folder.resolve("us"));
        mallory = CliHarness.withVault(folder.resolve("mallory"));
        cli = CliHarness.withVault(folder.resolve("us"));
        marker = folder.resolve("owned");
    }

    /** Mallory's export of everything she stored, values in clear, as a crafted file would be. */
    private Path craftedExport() {
        Path file = folder.resolve("crafted.json");
        Result export = mallory.run("export", file.toString(), "--include-secrets", "--plaintext");
        assertThat(export.status()).as(export.toString()).isZero();
        return file;
    }

    private Result importInto(CliHarness target, Path file, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "import";
        args[1] = file.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        return target.run(args);
    }

    private String approvalInList(String key) throws Exception {
        for (JsonNode node : JSON.readTree(cli.run("list", "--json").out())) {
            if (node.get("name").asText().equals(key)) {
                return node.get("approval").asText();
            }
        }
        throw new AssertionError("no key " + key + " in list --json");
    }

    private static long linesContaining(String text, String part) {
        return Arrays.stream(text.split("\n")).filter(line -> line.contains(part)).count();
    }

    private String valueHash(String key) {
        Result get = cli.run("get", key);
        assertThat(get.status()).as(get.toString()).isZero();
        return sha256(get.out());
    }

    @Test
    void anImportedRotateCommandIsNotRunByRotateDueUntilTrusted() throws Exception {
        mallory.store("billing", "billing-old", "--rotate-command", "id > '" + marker + "'; printf billing-new", "--expires-in", "1d");
        Result imported = importInto(cli, craftedExport());
        assertThat(imported.status()).as(imported.toString()).isZero();
        assertThat(imported.err()).contains("not approved on this machine").contains("billing").contains("keystash trust");

        Result due = cli.run("rotate", "--due");
        assertThat(due.status()).as(due.toString()).isEqualTo(1);
        assertThat(marker).as("the imported command never ran").doesNotExist();
        assertThat(linesContaining(due.err(), "keystash trust billing")).isEqualTo(1);
        assertThat(due.err()).contains("'billing' was not rotated").contains("rotate command");
        assertThat(valueHash("billing")).isEqualTo(sha256("billing-old\n"));
        Result provider = cli.run("rotate", "billing", "--from-provider");
        assertThat(provider.status()).as(provider.toString()).isEqualTo(1);
        assertThat(marker).doesNotExist();

        assertThat(approvalInList("billing")).isEqualTo("unapproved");
        Result list = cli.run("list");
        assertThat(list.out()).contains("APPROVED");
        assertThat(list.out().lines().filter(l -> l.startsWith("billing")).findFirst().orElseThrow()).endsWith("no");
        assertThat(list.err()).contains("keystash trust KEY");
        JsonNode report = JSON.readTree(cli.run("report", "--json").out());
        assertThat(report.get("keys").get(0).get("approval").asText()).isEqualTo("unapproved");
        Result pending = cli.run("trust", "--list");
        assertThat(pending.status()).isZero();
        assertThat(pending.out()).contains("billing").contains("rotate command");
        JsonNode pendingJson = JSON.readTree(cli.run("trust", "--list", "--json").out());
        assertThat(pendingJson.get(0).get("rotateCommand").asText()).isEqualTo("id > '" + marker + "'; printf billing-new");

        Result trust = cli.run("trust", "billing");
        assertThat(trust.status()).as(trust.toString()).isZero();
        assertThat(trust.out()).contains("rotate command").contains("id > '" + marker + "'; printf billing-new")
                .contains("fingerprint").doesNotContain("billing-old");
        assertThat(trust.err()).contains("Approved 'billing' on this machine");
        String fingerprint = pendingJson.get(0).get("fingerprint").asText();
        assertThat(Files.readString(cli.home().resolve("audit.log"))).contains("\"op\":\"trust\"").contains(fingerprint)
                .doesNotContain("billing-old");
        assertThat(approvalInList("billing")).isEqualTo("approved");
        assertThat(cli.run("trust", "--list").err()).contains("Nothing to approve");

        Result after = cli.run("rotate", "--due");
        assertThat(after.status()).as(after.toString()).isZero();
        assertThat(marker).exists();
        assertThat(valueHash("billing")).isEqualTo(sha256("billing-new\n"));
    }

    @Test
    void anImportedValidateCommandIsNotGivenTheNextValueEvenWhenItReplacesOurOwnKey() throws Exception {
        Path seen = folder.resolve("seen");
        cli.store("openai", "sk-ours-1", "--provider", "openai");
        mallory.store("openai", "sk-theirs", "--provider", "openai", "--validate-command", "cat > '" + seen + "'");
        Result forced = importInto(cli, craftedExport(), "--force");
        assertThat(forced.status()).as(forced.toString()).isZero();
        assertThat(forced.err()).contains("not approved on this machine").contains("openai");

        Result rotate = cli.runWithInput("sk-next-value\n", "rotate", "openai");
        assertThat(rotate.status()).as(rotate.toString()).isEqualTo(5);
        assertThat(rotate.err()).contains("validate command of 'openai' is not approved").contains("keystash trust openai")
                .doesNotContain("sk-next-value");
        assertThat(seen).as("the imported validate command never saw the value").doesNotExist();
        assertThat(valueHash("openai")).isEqualTo(sha256("sk-theirs\n"));
    }

    @Test
    void anImportedBaseUrlIsNotServedByProfileLoadOrRunUntilTrusted() throws Exception {
        mallory.store("openai", "sk-shared-0123456789abcdefghij", "--provider", "openai",
                "--setting", "OPENAI_BASE_URL=https://elsewhere.example/v1", "--setting", "OPENAI_ORG_ID=org-1");
        assertThat(mallory.run("profile", "create", "dev").status()).isZero();
        assertThat(mallory.run("profile", "add-key", "dev", "openai").status()).isZero();
        assertThat(importInto(cli, craftedExport()).status()).isZero();

        Result load = cli.run("profile", "load", "dev", "--export");
        assertThat(load.status()).as(load.toString()).isZero();
        assertThat(load.out()).contains("export OPENAI_API_KEY=").contains("export OPENAI_ORG_ID=")
                .doesNotContain("OPENAI_BASE_URL").doesNotContain("elsewhere");
        assertThat(load.err()).contains("keystash: not serving OPENAI_BASE_URL of key 'openai': set by an import or another "
                + "member and not approved on this machine (run: keystash trust openai)").doesNotContain("sk-shared");
        Path seenByRun = folder.resolve("run-saw");
        Result run = cli.run("run", "--profile", "dev", "--", "sh", "-c",
                "printf %s \"${OPENAI_BASE_URL-unset}\" > '" + seenByRun + "'");
        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(Files.readString(seenByRun)).isEqualTo("unset");
        assertThat(run.err()).contains("not serving OPENAI_BASE_URL");

        Result trust = cli.run("trust", "openai", "--yes");
        assertThat(trust.status()).as(trust.toString()).isZero();
        assertThat(trust.out()).contains("setting OPENAI_BASE_URL").contains("https://elsewhere.example/v1")
                .doesNotContain("sk-shared");
        Result trusted = cli.run("profile", "load", "dev", "--export");
        assertThat(trusted.out()).contains("export OPENAI_BASE_URL='https://elsewhere.example/v1'");
        assertThat(trusted.err()).doesNotContain("not serving");
    }

    @Test
    void whatWeStoreOurselvesIsApprovedWithoutTrust() throws Exception {
        cli.store("own", "own-old", "--rotate-command", "id > '" + marker + "'; printf own-new", "--expires-in", "1d",
                "--setting", "OWN_SERVICE_URL=https://ours.example");
        assertThat(approvalInList("own")).isEqualTo("approved");
        Result due = cli.run("rotate", "--due");
        assertThat(due.status()).as(due.toString()).isZero();
        assertThat(marker).exists();
        cli.store("plain", "p");
        assertThat(approvalInList("plain")).isEqualTo("not-needed");
        assertThat(cli.run("list").out().lines().filter(l -> l.startsWith("plain")).findFirst().orElseThrow()).endsWith("-");
    }

    @Test
    void importWithTrustCommandsApprovesWhatItBringsEvenOnASecondRun() throws Exception {
        mallory.store("billing", "b", "--rotate-command", "printf fresh", "--expires-in", "1d");
        Path file = craftedExport();
        assertThat(importInto(cli, file).status()).isZero();
        Result again = importInto(cli, file, "--trust-commands");
        assertThat(again.status()).as(again.toString()).isZero();
        assertThat(again.err()).doesNotContain("not approved");
        assertThat(approvalInList("billing")).isEqualTo("approved");
        assertThat(cli.run("rotate", "--due").status()).isZero();
    }

    @Test
    void trustAsksOnATerminalAndAnswersEveryOtherCaseClearly() throws Exception {
        mallory.store("billing", "b", "--rotate-command", "printf 'x\\r'; echo hidden");
        mallory.store("plain", "p");
        assertThat(importInto(cli, craftedExport()).status()).isZero();

        ScriptedTerminal no = ScriptedTerminal.answering("n");
        Result declined = cli.run(new byte[0], no, "trust", "billing");
        assertThat(declined.status()).isZero();
        assertThat(no.prompts).singleElement().asString().contains("Approve this on this machine?");
        assertThat(declined.err()).contains("Nothing approved");
        assertThat(approvalInList("billing")).isEqualTo("unapproved");

        ScriptedTerminal yes = ScriptedTerminal.answering("y");
        Result all = cli.run(new byte[0], yes, "trust", "--all");
        assertThat(all.status()).as(all.toString()).isZero();
        assertThat(all.out()).as("what would run is shown, control characters escaped")
                .contains("printf 'x\\\\r'; echo hidden");
        assertThat(approvalInList("billing")).isEqualTo("approved");

        Result unknown = cli.run("trust", "nope");
        assertThat(unknown.status()).isEqualTo(4);
        assertThat(unknown.err()).contains("no key named 'nope'");
        Result nothing = cli.run("trust", "plain");
        assertThat(nothing.status()).isZero();
        assertThat(nothing.err()).contains("Nothing to approve");
        Result already = cli.run("trust", "billing");
        assertThat(already.status()).isZero();
        assertThat(already.err()).contains("approved on this machine as it is");
        assertThat(cli.run("trust").status()).isEqualTo(2);
        assertThat(cli.run("trust", "billing", "--list").status()).isEqualTo(2);
        assertThat(cli.run("trust", "billing", "--json").status()).isEqualTo(2);
    }

    @Test
    void aVaultFromBeforeApprovalsKeepsItsRotateCommandsAfterTheUpgrade() throws Exception {
        Files.createDirectories(cli.home());
        Files.delete(cli.vaultFile());
        deleteTree(cli.home().resolve("state"));
        copyFixture("format2.vault", cli.vaultFile());
        Path key = folder.resolve("format2.key");
        copyFixture("format2.key", key);
        cli.env("KEYSTASH_KEY_FILE", key.toString());
        assertThat(Files.readAllBytes(cli.vaultFile())[8]).as("a format 2 file").isEqualTo((byte) 2);

        assertThat(approvalInList("legacy")).isEqualTo("approved");
        Result due = cli.run("rotate", "--due");
        assertThat(due.status()).as(due.toString()).isZero();
        assertThat(valueHash("legacy")).isEqualTo(sha256("legacy-rotated\n"));
        assertThat(Files.readAllBytes(cli.vaultFile())[8]).as("upgraded by the rotation's write").isEqualTo((byte) 3);

        assertThat(approvalInList("legacy")).as("remembered in this machine's state").isEqualTo("approved");
        Result again = cli.runWithInput("", "rotate", "legacy", "--from-provider");
        assertThat(again.status()).as(again.toString()).isZero();
        assertThat(JSON.readTree(cli.run("list", "--json").out()).get(0).get("currentVersion").asInt()).isEqualTo(3);
    }

    private static void copyFixture(String name, Path to) throws Exception {
        try (InputStream in = TrustCommandTest.class.getResourceAsStream(name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            Files.copy(in, to);
        }
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-------"));
    }

    private static void deleteTree(Path path) throws Exception {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
