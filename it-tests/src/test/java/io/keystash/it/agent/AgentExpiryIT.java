package io.keystash.it.agent;

import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.ProcessResult;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultStore;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code expired=serve|warn|refuse} with a bound key past its expiry date: a line naming the key
 * and the date (never the value) with {@code warn}, the default; status 78, or the program
 * without the keys under {@code onerror=warn}, with {@code refuse}; nothing with {@code serve}.
 */
class AgentExpiryIT {
    private static final String OLD = "sk-expired-canary-0123456789";
    private static final String FRESH = "sk-fresh-canary-0123456789";

    @TempDir
    static Path folder;

    @BeforeAll
    static void vault() throws Exception {
        VaultStore store = VaultStore.at(VaultPaths.of(folder.resolve("vault")));
        try (KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(folder.resolve("app.key"));
            store.create(key, null);
            store.update(key, v -> {
                v.storeKey("old", KeyMetadata.builder().expires(LocalDate.of(2020, 1, 31)).build(),
                        Secret.ofUtf8(OLD.getBytes(StandardCharsets.UTF_8)), "it");
                v.storeKey("fresh", KeyMetadata.builder().expires(LocalDate.of(2999, 1, 1)).build(),
                        Secret.ofUtf8(FRESH.getBytes(StandardCharsets.UTF_8)), "it");
                v.createProfile("prod");
                v.bind("prod", new Binding("old", "OLD_KEY", null));
                v.bind("prod", new Binding("fresh", "FRESH_KEY", null));
                return null;
            });
        }
    }

    private static ProcessResult run(Jdk jdk, String extra) {
        ProcessResult result = AgentRuns.withAgent(jdk, "profile=prod,vault=" + folder.resolve("vault") + ",keyfile="
                        + folder.resolve("app.key") + (extra.isEmpty() ? "" : "," + extra))
                .classPath(Artifacts.testClasses()).main(EnvProbe.class, "OLD_KEY", "FRESH_KEY").run();
        assertThat(result.stdout() + result.stderr()).doesNotContain(OLD).doesNotContain(FRESH);
        return result;
    }

    private static List<String> agentLines(ProcessResult result) {
        return result.stderrLines().stream().filter(l -> l.startsWith("keystash-agent:")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.LiveKeysIT#jdks")
    void warnByDefaultOneLinePerExpiredKeyAndTheKeysAreServed(Jdk jdk) {
        ProcessResult result = run(jdk, "");
        assertThat(result.exitCode()).isZero();
        assertThat(agentLines(result)).containsExactly("keystash-agent: key 'old' expired on 2020-01-31; still served "
                + "(expired=warn; rotate it: keystash rotate old)");
        assertThat(result.report().get("getenv.OLD_KEY")).isEqualTo(Hashes.of(OLD));
        assertThat(result.report().get("getenv.FRESH_KEY")).isEqualTo(Hashes.of(FRESH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.LiveKeysIT#jdks")
    void refuseStopsWith78OrRunsWithoutTheKeysUnderOnerrorWarn(Jdk jdk) {
        ProcessResult refused = run(jdk, "expired=refuse");
        assertThat(refused.exitCode()).isEqualTo(78);
        assertThat(refused.stdout()).doesNotContain("main=ran");
        assertThat(agentLines(refused)).containsExactly("keystash-agent: key 'old' expired on 2020-01-31 "
                + "(expired=refuse: rotate with keystash rotate, or start with expired=warn)");

        ProcessResult warned = run(jdk, "expired=refuse,onerror=warn");
        assertThat(warned.exitCode()).isZero();
        assertThat(warned.report().get("main")).isEqualTo("ran");
        assertThat(warned.report().get("getenv.FRESH_KEY")).isEqualTo(Hashes.NULL);
        assertThat(agentLines(warned)).singleElement().asString().contains("expired=refuse").contains("onerror=warn");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.keystash.it.agent.LiveKeysIT#jdks")
    void serveSaysNothing(Jdk jdk) {
        ProcessResult result = run(jdk, "expired=serve");
        assertThat(result.exitCode()).isZero();
        assertThat(agentLines(result)).isEmpty();
        assertThat(result.report().get("getenv.OLD_KEY")).isEqualTo(Hashes.of(OLD));
    }
}
