package io.keystash.vault.access;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read map file: round trips, the latest record per run, modes, the size bound, refusals. */
class ReadLogTest {
    @TempDir
    Path home;

    private static ProgramReads run(String id, long written, String caller) {
        return new ProgramReads(id, "com.example.Main", "prod", "/srv/my vault/vault", 1_000, written, 0, "exit", 0, 0, null,
                List.of(new NameReads(NameReads.Kind.VARIABLE, "OPENAI_API_KEY", 3, 1_100, 1_900, caller),
                        new NameReads(NameReads.Kind.VARIABLE, "AWS_ACCESS_KEY_ID", 0, 0, 0, null),
                        new NameReads(NameReads.Kind.PROPERTY, "service.token", NameReads.NOT_OBSERVED, 0, 0, null)));
    }

    @Test
    void aRecordComesBackAsWrittenWhateverItsTextHolds() throws Exception {
        // Spaces, commas, percent signs, '=', a newline and characters outside ASCII in the free-text fields.
        ProgramReads odd = new ProgramReads("42-1000", "app 1,2%=\nü.jar", "prod", "/srv/väult, 1/vault", 1_000, 2_000,
                1_500, "reload", 2, 7, "org.Some Copier", List.of(new NameReads(NameReads.Kind.PROPERTY, "a.b%c", 5, 1_001, 1_999,
                "com.example.Outer$Inner ,%=😀")));
        assertThat(ReadLog.append(home, odd)).isTrue();
        assertThat(ReadLog.read(home)).containsExactly(odd);
        String text = Files.readString(ReadLog.file(home), StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        assertThat(text).startsWith("keystash-reads 1 ");
    }

    @Test
    void theLatestRecordOfEachRunWinsAndRunsComeOldestFirst() throws Exception {
        ReadLog.append(home, run("2-1000", 5_000, "B"));
        ReadLog.append(home, run("1-1000", 3_000, "A"));
        ReadLog.append(home, run("2-1000", 9_000, "B2"));
        ReadLog.append(home, run("2-1000", 7_000, "stale"));
        List<ProgramReads> runs = ReadLog.read(home);
        assertThat(runs).extracting(ProgramReads::run).containsExactly("1-1000", "2-1000");
        assertThat(runs.get(1).written()).isEqualTo(9_000);
        assertThat(runs.get(1).names().get(0).caller()).isEqualTo("B2");
    }

    @Test
    void folderAndFileArePrivateAndNoHomeMeansNothingWritten() throws Exception {
        ReadLog.append(home, run("1-1", 2, "A"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ReadLog.folder(home)))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ReadLog.file(home)))).isEqualTo("rw-------");

        Path missing = home.resolve("no-such-home");
        assertThat(ReadLog.append(missing, run("1-1", 2, "A"))).isFalse();
        assertThat(missing).doesNotExist();
        assertThat(ReadLog.read(missing)).isEmpty();
    }

    @Test
    void malformedLinesAreSkipped() throws Exception {
        ReadLog.append(home, run("1-1000", 3_000, "A"));
        Files.writeString(ReadLog.file(home), "garbage\nkeystash-reads 1 run=\nkeystash-reads 1 run=9 started=x written=1\n"
                + "keystash-reads 1 run=8 started=1 written=2 name=env,A,1,2\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(ReadLog.read(home)).extracting(ProgramReads::run).containsExactly("1-1000");
    }

    @Test
    void theFileRollsOverPastItsBoundSoTheTwoStayNearTwiceIt() throws Exception {
        List<NameReads> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new NameReads(NameReads.Kind.VARIABLE, "VARIABLE_" + i, i, 1, 2, "com.example.SomeRatherLongClassName" + i));
        }
        for (int i = 0; i < 400; i++) {
            ReadLog.append(home, new ProgramReads("run-" + i, "Main", "prod", "/v", i, i + 1, 0, "exit", 0, 0, null, many));
        }
        long total = Files.size(ReadLog.file(home)) + Files.size(ReadLog.folder(home).resolve("reads.log.1"));
        assertThat(Files.size(ReadLog.file(home))).isLessThanOrEqualTo(ReadLog.MAX_FILE_BYTES);
        assertThat(total).isLessThanOrEqualTo(2 * ReadLog.MAX_FILE_BYTES);
        List<ProgramReads> runs = ReadLog.read(home);
        assertThat(runs).isNotEmpty();
        assertThat(runs.get(runs.size() - 1).run()).isEqualTo("run-399");
    }

    @Test
    void aLineKeepsWithinItsBoundAndSaysWhatItLeftOut() {
        List<NameReads> many = new ArrayList<>();
        String longName = "P".repeat(256);
        for (int i = 0; i < 2_000; i++) {
            many.add(new NameReads(NameReads.Kind.PROPERTY, longName + i, 1, 1, 2, "C".repeat(2_000)));
        }
        String line = ReadLog.encode(new ProgramReads("r", "Main", "prod", "/v", 1, 2, 0, "exit", 0, 0, null, many));
        assertThat(line.length()).isLessThanOrEqualTo(ReadLog.MAX_LINE_BYTES);
        assertThat(line).contains(" left-out=");
        ProgramReads back = ReadLog.decode(line);
        assertThat(back).isNotNull();
        assertThat(back.names().get(0).caller()).hasSize(ReadLog.MAX_TEXT);
    }

    @Test
    void aReadMapOthersMayReadIsRefused() throws Exception {
        ReadLog.append(home, run("1-1", 2, "A"));
        Files.setPosixFilePermissions(ReadLog.file(home), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ReadLog.read(home)).isInstanceOfSatisfying(VaultException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.IO)).hasMessageContaining("chmod 600");
        assertThatThrownBy(() -> ReadLog.append(home, run("1-1", 3, "A"))).isInstanceOf(VaultException.class);
    }
}
