package io.keystash.agent.reads;

import io.keystash.vault.access.NameReads;
import io.keystash.vault.access.ProgramReads;
import io.keystash.vault.access.ReadLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's side of the read map: counters across versions, the first caller, the record written. */
class ReadMapTest {
    @TempDir
    Path home;

    private static NameReads named(ProgramReads record, String name) {
        return record.names().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aNameKeepsItsCountersAcrossVersionsAndTheRecordHoldsCountsTimesAndCaller() throws Exception {
        ReadMap map = new ReadMap(home, "prod", "/v/vault");
        Map<String, AtomicLong[]> first = map.counters(List.of("OPENAI_API_KEY", "AWS_ACCESS_KEY_ID"));
        Map<String, AtomicLong[]> second = map.counters(List.of("OPENAI_API_KEY", "NEW_KEY"));
        assertThat(second.get("OPENAI_API_KEY")).isSameAs(first.get("OPENAI_API_KEY"));
        map.propertiesServed(List.of("openai.api.key"));

        AtomicLong[] counters = first.get("OPENAI_API_KEY");
        counters[0].set(3);
        counters[1].set(1_000);
        counters[2].set(2_000);
        map.firstRead().accept("OPENAI_API_KEY"); // as the holder does at the first read

        ProgramReads record = map.record("exit", System.currentTimeMillis());
        assertThat(record.profile()).isEqualTo("prod");
        assertThat(record.vault()).isEqualTo("/v/vault");
        assertThat(record.run()).startsWith(ProcessHandle.current().pid() + "-");
        assertThat(named(record, "OPENAI_API_KEY")).isEqualTo(new NameReads(NameReads.Kind.VARIABLE, "OPENAI_API_KEY", 3,
                1_000, 2_000, ReadMapTest.class.getName()));
        assertThat(named(record, "AWS_ACCESS_KEY_ID").count()).isZero();
        assertThat(named(record, "NEW_KEY").read()).isFalse();
        assertThat(named(record, "openai.api.key").observed()).isFalse();
        assertThat(record.pastStart()).isFalse();

        assertThat(map.write("exit")).isTrue();
        assertThat(ReadLog.read(home)).singleElement().satisfies(r -> assertThat(r.run()).isEqualTo(record.run()));
    }

    @Test
    void theStartEndsAtTheFirstReloadOrAfterItsWindow() {
        ReadMap map = new ReadMap(home, "prod", "/v");
        long started = map.record("exit", System.currentTimeMillis()).started();
        assertThat(map.record("exit", started + ReadMap.START_WINDOW_MILLIS - 1).startEnded()).isZero();
        assertThat(map.record("exit", started + ReadMap.START_WINDOW_MILLIS + 5).startEnded())
                .isEqualTo(started + ReadMap.START_WINDOW_MILLIS);
        map.reloaded(started + 10);
        map.reloaded(started + 20);
        ProgramReads record = map.record("reload", started + 30);
        assertThat(record.startEnded()).isEqualTo(started + 10);
        assertThat(record.reloads()).isEqualTo(2);
    }

    @Test
    void withoutAHomeNothingIsWritten() {
        Path missing = home.resolve("absent");
        assertThat(new ReadMap(missing, "prod", "/v").write("exit")).isFalse();
        assertThat(missing).doesNotExist();
    }

    @Test
    void framesOfJdkModulesAndOfTheAgentAreSkippedWhateverLoadedTheProgram() {
        StackTraceElement[] frames = {
            new StackTraceElement("app", null, null, FirstCaller.class.getName(), "accept", null, 1),
            new StackTraceElement(null, "java.base", "25", "java.lang.KeystashEnvironment", "getenv", null, 1),
            new StackTraceElement(null, "java.base", "25", "java.lang.System", "getenv", null, 1),
            new StackTraceElement("platform", "java.sql", "25", "java.sql.DriverManager", "x", null, 1),
            new StackTraceElement(null, "jdk.internal.vm.ci", "25", "jdk.vm.Thing", "y", null, 1),
            // a class of an unnamed class loader in the unnamed module: the program's, not the JDK's
            new StackTraceElement(null, null, null, "org.example.Launcher$Inner", "main", null, 1),
            new StackTraceElement("app", null, null, "org.example.Main", "main", null, 1)};
        assertThat(FirstCaller.firstOutside(frames)).isEqualTo("org.example.Launcher$Inner");
        assertThat(FirstCaller.firstOutside(java.util.Arrays.copyOf(frames, 5))).isNull();
    }

    @Test
    void theFirstCallerIsTheFirstClassOutsideTheJdkAndTheAgentAndOnlyTheFirstCounts() {
        ReadMap map = new ReadMap(home, "prod", "/v");
        map.counters(List.of("A"));
        // Through JDK frames (a stream's forEach): the class behind them is still found.
        List.of("A").forEach(name -> map.firstRead().accept(name));
        new Object() {
            void again() {
                map.firstRead().accept("A");
            }
        }.again();
        assertThat(named(map.record("exit", System.currentTimeMillis()), "A").caller()).isEqualTo(ReadMapTest.class.getName());
    }
}
