package io.keystash.vault.audit;

import io.keystash.vault.crypto.CryptoRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {
    @TempDir
    Path dir;
    private AuditLog log;
    private final byte[] key = CryptoRandom.bytes(32);

    @BeforeEach
    void writeFiveLines() throws Exception {
        log = new AuditLog(dir.resolve("audit.log"), Clock.systemUTC());
        for (int i = 1; i <= 5; i++) {
            log.append(key, 0, null, AuditEvent.of("store").key("key-" + i).version(i), "ok");
        }
    }

    @Test
    void intactChainVerifiesAndReadsBack() throws Exception {
        assertThat(log.verify(key).intact()).isTrue();
        assertThat(log.verify(key).lines()).isEqualTo(5);
        List<AuditEntry> entries = log.read();
        assertThat(entries).extracting(AuditEntry::key).containsExactly("key-1", "key-2", "key-3", "key-4", "key-5");
        assertThat(entries.get(2).versions()).containsExactly(3);
        assertThat(entries.get(0).actor()).contains("@");
    }

    @Test
    void editedLineIsNamed() throws Exception {
        List<String> lines = lines();
        lines.set(2, lines.get(2).replace("key-3", "key-X"));
        write(lines);
        assertThat(log.verify(key).firstBadLine()).isEqualTo(3);
    }

    @Test
    void deletedLineIsNamed() throws Exception {
        List<String> lines = lines();
        lines.remove(1);
        write(lines);
        assertThat(log.verify(key).firstBadLine()).isEqualTo(2);
    }

    @Test
    void insertedLineFromAnotherLogIsNamed() throws Exception {
        AuditLog other = new AuditLog(dir.resolve("other.log"), Clock.systemUTC());
        other.append(CryptoRandom.bytes(32), 0, null, AuditEvent.of("get").key("x"), "ok");
        List<String> lines = lines();
        lines.add(3, Files.readAllLines(other.file()).get(0));
        write(lines);
        assertThat(log.verify(key).firstBadLine()).isEqualTo(4);
    }

    @Test
    void reorderedLinesAreNamed() throws Exception {
        List<String> lines = lines();
        Collections.swap(lines, 1, 3);
        write(lines);
        assertThat(log.verify(key).firstBadLine()).isEqualTo(2);
    }

    @Test
    void wrongKeyFailsAtTheFirstLine() throws Exception {
        assertThat(log.verify(CryptoRandom.bytes(32)).firstBadLine()).isEqualTo(1);
    }

    @Test
    void truncatedLastLineIsNamed() throws Exception {
        byte[] bytes = Files.readAllBytes(log.file());
        Files.write(log.file(), java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThat(log.verify(key).firstBadLine()).isEqualTo(5);
    }

    @Test
    void appendAfterDamageKeepsTheDamageVisible() throws Exception {
        List<String> lines = lines();
        lines.set(4, "garbage");
        write(lines);
        log.append(key, 0, null, AuditEvent.of("get"), "ok");
        assertThat(log.verify(key).firstBadLine()).isEqualTo(5);
    }

    @Test
    void logIsOwnerOnly() throws Exception {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file())))
                .isEqualTo("rw-------");
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(log.file(), StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws Exception {
        Files.write(log.file(), lines, StandardCharsets.UTF_8);
    }
}
