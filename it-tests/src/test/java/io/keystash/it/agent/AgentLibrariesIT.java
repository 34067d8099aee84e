package io.keystash.it.agent;

import io.keystash.it.agent.programs.AwsProbe;
import io.keystash.it.agent.programs.ConflictProbe;
import io.keystash.it.agent.programs.JulManagerProbe;
import io.keystash.it.agent.programs.SpringProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.keystash.it.agent.AgentRuns.assertNoSecretIn;
import static io.keystash.it.agent.AgentRuns.assertSeen;
import static io.keystash.it.agent.AgentRuns.keyFileOptions;
import static io.keystash.it.agent.AgentRuns.withAgent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real libraries under the agent: Spring Boot's {@code @Value} and relaxed binding, the AWS SDK v2
 * default credentials chain, an application with its own older Jackson, Byte Buddy and
 * Bouncy Castle than those shaded into the agent, and one that picks its JUL manager in {@code main}.
 */
class AgentLibrariesIT {
    @TempDir
    static Path folder;
    static AgentVaults vaults;

    @BeforeAll
    static void createVaults() throws Exception {
        vaults = AgentVaults.create(folder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void springBootSeesBoundKeysThroughValueAndRelaxedBinding(Jdk jdk) {
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "")).classPath(Artifacts.testClassPath())
                .main(SpringProbe.class).run();
        assertSpringSawTheProfile(result, "value.OPENAI_API_KEY", "relaxed.openai.api-key", "environment.openai.api-key");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void springBootWebApplicationServesTheKeysThroughItsController(Jdk jdk) {
        // Auto-configuration, embedded Tomcat, logging at INFO: the controller answers over HTTP.
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "")).classPath(Artifacts.springWebApplication())
                .main("io.keystash.fixture.web.WebApplication", "report").run();
        assertSpringSawTheProfile(result, "value.OPENAI_API_KEY", "relaxed.openai.api-key");
        assertThat(result.stdout()).contains("Tomcat started on port");
    }

    /**
     * A Spring Boot program ran to the end of {@code main}, reported the profile's
     * {@code OPENAI_API_KEY} under each of {@code keyChecks} and its {@code service.token} property,
     * and neither the agent nor a secret showed on its output.
     */
    private static void assertSpringSawTheProfile(ProcessResult result, String... keyChecks) {
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        Map<String, String> report = result.report();
        assertThat(report.get("main")).isEqualTo("ran");
        for (String check : keyChecks) {
            assertSeen(report, check, vaults.value("OPENAI_API_KEY"));
        }
        assertSeen(report, "value.service.token", vaults.value("service.token"));
        assertThat(result.stderr()).doesNotContain("keystash-agent");
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void awsDefaultCredentialsProviderResolvesTheProfilesCredentials(Jdk jdk) {
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "")).classPath(Artifacts.testClassPath())
                .main(AwsProbe.class)
                .env("AWS_SHARED_CREDENTIALS_FILE", folder.resolve("no-credentials").toString())
                .env("AWS_CONFIG_FILE", folder.resolve("no-config").toString())
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        Map<String, String> report = result.report();
        assertSeen(report, "aws.accessKeyId", vaults.value("AWS_ACCESS_KEY_ID"));
        assertSeen(report, "aws.secretAccessKey", vaults.value("AWS_SECRET_ACCESS_KEY"));
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void anApplicationsOwnJacksonByteBuddyAndBouncyCastleAreUntouched(Jdk jdk) {
        List<String> classPath = new ArrayList<>();
        classPath.add(Artifacts.testClasses());
        classPath.addAll(Artifacts.conflictingLibraries());
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "")).classPath(classPath)
                .main(ConflictProbe.class).run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.stderr()).as("stderr is empty").isEmpty();
        Map<String, String> report = result.report();
        assertThat(report.get("jackson.jar")).startsWith("jackson-databind-2.15.");
        assertThat(report.get("bytebuddy.jar")).startsWith("byte-buddy-1.14.");
        assertThat(report.get("bouncycastle.jar")).startsWith("bcprov-jdk18on-1.78");
        assertThat(report).containsEntry("jackson.works", "true").containsEntry("bytebuddy.works", "true")
                .containsEntry("bouncycastle.works", "true");
        assertSeen(report, "getenv.OPENAI_API_KEY", vaults.value("OPENAI_API_KEY"));
        assertNoSecretIn(result, vaults);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.AgentEnvironmentIT#jdks")
    void aProgramStillChoosesItsJulLogManagerInMain(Jdk jdk) {
        ProcessResult result = withAgent(jdk, keyFileOptions(vaults, "")).classPath(Artifacts.testClasses())
                .main(JulManagerProbe.class).run();
        assertThat(result.exitCode()).as("exit status of %s", result).isZero();
        assertThat(result.report().get("logmanager")).isEqualTo(JulManagerProbe.ProgramsLogManager.class.getName());
        assertNoSecretIn(result, vaults);
    }
}
