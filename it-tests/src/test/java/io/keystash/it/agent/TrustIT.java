package io.keystash.it.agent;

import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands and endpoints that arrive from elsewhere, with the real launcher and the real agent on
 * every JDK found: a crafted export (made by another person's Keystash) is imported; its
 * {@code OPENAI_BASE_URL} is not served by the agent (one line on stderr, the key's value still
 * served, no secret printed) and its rotate command is not run by {@code rotate --due}, until
 * {@code keystash trust openai}; then both are.
 */
class TrustIT {
    private static final String BASE_URL = "https://elsewhere.example/v1";
    private static final String KEY = "sk-trustit-0123456789abcdefghijklmnop";

    @TempDir
    Path folder;

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void anImportedEndpointAndCommandWaitForTrust(Jdk jdk) throws Exception {
        Jdks.assumePresent(jdk);
        Path marker = folder.resolve("owned");
        KeystashCli mallory = KeystashCli.withVault(Files.createDirectories(folder.resolve("mallory")))
                .env("JAVA_HOME", jdk.home().toString());
        Result stored = mallory.runWithInput(KEY, "store", "openai", "--provider", "openai",
                "--setting", "OPENAI_BASE_URL=" + BASE_URL, "--rotate-command", "id > '" + marker + "'; printf sk-rotated-by-command",
                "--expires-in", "1d");
        assertThat(stored.status()).as(stored.toString()).isZero();
        assertThat(mallory.run("profile", "create", "dev").status()).isZero();
        assertThat(mallory.run("profile", "add-key", "dev", "openai").status()).isZero();
        Path crafted = folder.resolve("crafted.json");
        assertThat(mallory.run("export", crafted.toString(), "--include-secrets", "--plaintext").status()).isZero();

        KeystashCli us = KeystashCli.withVault(Files.createDirectories(folder.resolve("us")))
                .env("JAVA_HOME", jdk.home().toString());
        Result imported = us.run("import", crafted.toString());
        assertThat(imported.status()).as(imported.toString()).isZero();
        assertThat(imported.err()).contains("not approved on this machine").contains("openai");

        ProcessResult untrusted = probe(jdk, us);
        assertThat(untrusted.exitCode()).as("exit status of %s", untrusted).isZero();
        assertThat(untrusted.stderrLines()).as("stderr lines").hasSize(1);
        assertThat(untrusted.stderrLines().get(0)).isEqualTo("keystash-agent: not serving OPENAI_BASE_URL of key 'openai': "
                + "set by an import or another member and not approved on this machine (run: keystash trust openai)");
        Map<String, String> report = untrusted.report();
        AgentRuns.assertSeen(report, "getenv.OPENAI_API_KEY", KEY);
        AgentRuns.assertSeen(report, "getenv.OPENAI_BASE_URL", null);
        AgentRuns.assertSeen(report, "child.OPENAI_BASE_URL", null);
        assertThat(untrusted.stdout().contains(KEY) || untrusted.stderr().contains(KEY)).as("the key's value printed").isFalse();

        Result due = us.run("rotate", "--due");
        assertThat(due.status()).as(due.toString()).isEqualTo(1);
        assertThat(due.err()).contains("keystash trust openai");
        assertThat(marker).as("the imported rotate command ran").doesNotExist();

        Result trust = us.run("trust", "openai", "--yes");
        assertThat(trust.status()).as(trust.toString()).isZero();
        assertThat(trust.out()).contains(BASE_URL).contains("id > '" + marker + "'").doesNotContain(KEY);

        ProcessResult trusted = probe(jdk, us);
        assertThat(trusted.exitCode()).as("exit status of %s", trusted).isZero();
        assertThat(trusted.stderrLines()).as("stderr lines").isEmpty();
        AgentRuns.assertSeen(trusted.report(), "getenv.OPENAI_BASE_URL", BASE_URL);
        AgentRuns.assertSeen(trusted.report(), "getenv.OPENAI_API_KEY", KEY);

        Result rotated = us.run("rotate", "--due");
        assertThat(rotated.status()).as(rotated.toString()).isZero();
        assertThat(marker).exists();
        assertThat(Hashes.of(us.run("get", "openai").out().strip())).isEqualTo(Hashes.of("sk-rotated-by-command"));
    }

    /** The probe under the built agent, on our vault and this machine's state ({@code KEYSTASH_HOME}). */
    private static ProcessResult probe(Jdk jdk, KeystashCli us) {
        return JavaLaunch.on(jdk).agent(Artifacts.agentJar(), "profile=dev,vault=" + us.vaultFile() + ",keyfile=" + us.keyFile())
                .env("KEYSTASH_HOME", us.home().toString()).classPath(Artifacts.testClasses())
                .main(EnvProbe.class, "OPENAI_API_KEY", "OPENAI_BASE_URL").run();
    }
}
