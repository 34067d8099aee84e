package io.keystash.vault.access;

import io.keystash.vault.model.Binding;
import io.keystash.vault.model.Profile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdicts of {@code report --access}, from recorded runs and a profile's bindings. */
class AccessReportTest {
    private static final String VAULT = "/home/u/.keystash/vault";

    private static final Profile PROD = new Profile("prod", List.of(
            new Binding("openai", "OPENAI_API_KEY", "openai.api.key"),
            new Binding("aws-id", "AWS_ACCESS_KEY_ID", null),
            new Binding("service", null, "service.token"),
            new Binding("polled", "POLLED_KEY", null),
            new Binding("later", "LATER_KEY", null)));

    private static NameReads env(String name, long count, long first, long last, String caller) {
        return new NameReads(NameReads.Kind.VARIABLE, name, count, first, last, caller);
    }

    private static NameReads prop(String name) {
        return new NameReads(NameReads.Kind.PROPERTY, name, NameReads.NOT_OBSERVED, 0, 0, null);
    }

    /** A run that read OPENAI_API_KEY at start only, polled POLLED_KEY past its start, never read AWS_ACCESS_KEY_ID. */
    private static ProgramReads longRun(String id, String program, long startEnded) {
        return new ProgramReads(id, program, "prod", VAULT, 1_000, 100_000, startEnded, "exit", 1, 0, null, List.of(
                env("OPENAI_API_KEY", 2, 1_200, 1_300, "org.springframework.core.env.MapPropertySource"),
                env("AWS_ACCESS_KEY_ID", 0, 0, 0, null),
                env("POLLED_KEY", 90, 1_100, 99_000, "com.example.Poller"),
                prop("openai.api.key"), prop("service.token")));
    }

    private static Map<String, AccessReport.KeyAccess> byKey(AccessReport report) {
        return report.keys().stream().collect(Collectors.toMap(AccessReport.KeyAccess::key, Function.identity()));
    }

    @Test
    void verdictsFollowWhatTheRunsRead() {
        AccessReport report = AccessReport.of(List.of(PROD), List.of(longRun("1-1", "com.example.App", 60_000)), VAULT::equals);
        Map<String, AccessReport.KeyAccess> keys = byKey(report);
        assertThat(report.runs()).isEqualTo(1);
        assertThat(keys.get("openai").verdict()).isEqualTo(AccessReport.Verdict.READ_ONLY_DURING_START);
        assertThat(keys.get("openai").programs()).containsExactly(new AccessReport.ProgramUse("com.example.App", 1, 2, 1_300,
                "org.springframework.core.env.MapPropertySource"));
        assertThat(keys.get("openai").names()).containsExactly("OPENAI_API_KEY", "openai.api.key");
        assertThat(keys.get("polled").verdict()).isEqualTo(AccessReport.Verdict.READ);
        assertThat(keys.get("polled").lastRead()).isEqualTo(99_000);
        assertThat(keys.get("aws-id").verdict()).isEqualTo(AccessReport.Verdict.NEVER_READ);
        assertThat(keys.get("service").verdict()).isEqualTo(AccessReport.Verdict.NOT_OBSERVED);
        assertThat(keys.get("later").verdict()).isEqualTo(AccessReport.Verdict.NOT_SERVED);
    }

    @Test
    void aRunNotSeenPastItsStartCannotMakeAKeyStartOnly() {
        AccessReport report = AccessReport.of(List.of(PROD), List.of(longRun("1-1", "Main", 0)), VAULT::equals);
        AccessReport.KeyAccess openai = byKey(report).get("openai");
        assertThat(openai.verdict()).isEqualTo(AccessReport.Verdict.READ);
        assertThat(openai.note()).contains("ran past its start");
    }

    @Test
    void programsAreGroupedAndOtherVaultsOrProfilesIgnored() {
        ProgramReads other = new ProgramReads("9-9", "Main", "prod", "/elsewhere/vault", 1, 2, 0, "exit", 0, 0, null,
                List.of(env("AWS_ACCESS_KEY_ID", 5, 1, 2, "X")));
        ProgramReads dev = new ProgramReads("8-8", "Main", "dev", VAULT, 1, 2, 0, "exit", 0, 0, null,
                List.of(env("AWS_ACCESS_KEY_ID", 5, 1, 2, "X")));
        AccessReport report = AccessReport.of(List.of(PROD), List.of(longRun("1-1", "app.jar", 60_000),
                longRun("2-1", "app.jar", 60_000), other, dev), VAULT::equals);
        Map<String, AccessReport.KeyAccess> keys = byKey(report);
        assertThat(report.runs()).isEqualTo(2);
        assertThat(keys.get("aws-id").verdict()).isEqualTo(AccessReport.Verdict.NEVER_READ);
        assertThat(keys.get("polled").programs()).singleElement()
                .satisfies(use -> assertThat(use.runs()).isEqualTo(2))
                .satisfies(use -> assertThat(use.reads()).isEqualTo(180));
    }

    @Test
    void aProgramThatReadTheWholeEnvironmentLeavesNeverReadUnsaid() {
        ProgramReads whole = new ProgramReads("1-1", "Main", "prod", VAULT, 1, 2, 0, "exit", 0, 3,
                "org.springframework.boot.Copier", List.of(env("AWS_ACCESS_KEY_ID", 0, 0, 0, null)));
        AccessReport.KeyAccess aws = byKey(AccessReport.of(List.of(PROD), List.of(whole), VAULT::equals)).get("aws-id");
        assertThat(aws.verdict()).isEqualTo(AccessReport.Verdict.NOT_READ_BY_NAME);
        assertThat(aws.note()).contains("whole environment").contains("org.springframework.boot.Copier");
    }
}
