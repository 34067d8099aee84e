package io.keystash.cli.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import io.keystash.vault.access.NameReads;
import io.keystash.vault.access.ProgramReads;
import io.keystash.vault.access.ReadLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code report --access} over read maps written as the agent writes them. */
class ReportAccessCommandTest {
    @TempDir
    Path folder;
    CliHarness cli;

    @BeforeEach
    void vault() {
        cli = CliHarness.withVault(folder);
        cli.store("openai", "sk-value-1", "--env", "OPENAI_API_KEY");
        cli.store("aws-id", "AKIA-value", "--env", "AWS_ACCESS_KEY_ID");
        cli.store("service", "tok-value", "--property", "service.token");
        cli.run("profile", "create", "prod");
        cli.run("profile", "add-key", "prod", "openai");
        cli.run("profile", "add-key", "prod", "aws-id");
        cli.run("profile", "add-key", "prod", "service");
        cli.run("profile", "create", "dev");
    }

    private void recorded(String run, String program, long startEnded, long openaiLast) throws Exception {
        ReadLog.append(cli.home(), new ProgramReads(run, program, "prod", cli.vaultFile().toString(), 1_000, 200_000,
                startEnded, "exit", 1, 0, null, List.of(
                        new NameReads(NameReads.Kind.VARIABLE, "OPENAI_API_KEY", 4, 1_100, openaiLast, "com.example.Client"),
                        new NameReads(NameReads.Kind.VARIABLE, "AWS_ACCESS_KEY_ID", 0, 0, 0, null),
                        new NameReads(NameReads.Kind.PROPERTY, "service.token", NameReads.NOT_OBSERVED, 0, 0, null))));
    }

    @Test
    void nothingRecordedYetSaysWhereTheAgentWrites() {
        Result result = cli.run("report", "--access");
        assertThat(result.status()).isZero();
        assertThat(result.err()).contains("No program run under the agent has recorded reads").contains("access/reads.log");
    }

    @Test
    void perKeyTheProgramsThatReadItAndTheCandidatesToUnbind() throws Exception {
        recorded("1-1000", "com.example.App", 61_000, 1_500);
        Result result = cli.run("report", "--access", "--profile", "prod");
        assertThat(result.status()).as(result.toString()).isZero();
        assertThat(result.out()).contains("by 1 program run under the agent")
                .containsPattern("prod +openai +OPENAI_API_KEY +com.example.App +4 +1970-01-01 00:00:01Z +com.example.Client"
                        + " +read only during start")
                .containsPattern("prod +aws-id +AWS_ACCESS_KEY_ID +- +0 +- +- +never read")
                .contains("Bound and never read (candidates to unbind with keystash profile remove-key): aws-id")
                .contains("Read only during start (the program keeps the value it read").contains(": openai")
                .contains("Note: service: served as a system property, whose reads are not seen");
        assertThat(result.out()).doesNotContain("sk-value-1").doesNotContain("AKIA-value");
    }

    @Test
    void jsonListsEveryKeyWithItsVerdictAndPrograms() throws Exception {
        recorded("1-1000", "app.jar", 61_000, 150_000);
        recorded("2-1000", "app.jar", 0, 1_200);
        JsonNode report = new ObjectMapper().readTree(cli.run("report", "--access", "--json").out());
        assertThat(report.get("runs").asInt()).isEqualTo(2);
        assertThat(report.get("vault").asText()).isEqualTo(cli.vaultFile().toString());
        JsonNode openai = report.get("keys").get(0);
        assertThat(openai.get("key").asText()).isEqualTo("openai");
        assertThat(openai.get("verdict").asText()).isEqualTo("read");
        assertThat(openai.get("reads").asLong()).isEqualTo(8);
        assertThat(openai.get("programs")).singleElement().satisfies(p -> {
            assertThat(p.get("program").asText()).isEqualTo("app.jar");
            assertThat(p.get("runs").asInt()).isEqualTo(2);
            assertThat(p.get("firstReadBy").asText()).isEqualTo("com.example.Client");
        });
        assertThat(report.get("keys").get(1).get("verdict").asText()).isEqualTo("never-read");
        assertThat(report.get("keys").get(2).get("verdict").asText()).isEqualTo("not-observed");
    }

    @Test
    void badInputIsAUsageErrorOrNotFound() {
        assertThat(cli.run("report", "--profile", "prod").status()).isEqualTo(2);
        assertThat(cli.run("report", "--access", "--profile", "nope").status()).isEqualTo(4);
        assertThat(cli.run("report", "--access", "--profile", "bad name").status()).isEqualTo(2);
    }
}
