package io.keystash.vault.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.HmacSha256;
import io.keystash.vault.members.AuditKeys;
import io.keystash.vault.storage.SecureFiles;
import io.keystash.vault.storage.TrustedPaths;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit trail: one JSON line per operation, hash-chained and keyed.
 *
 * <p>Each line carries {@code seq}, the previous line's MAC ({@code prev}) and its own
 * {@code mac} = HMAC-SHA256(audit key, the line's bytes before {@code ,"mac":"}). The audit key is
 * derived from the vault's data key, so only someone who can unlock the vault can write a line
 * that verifies: an edited, removed, inserted or reordered line breaks the chain at that line.
 * Removing lines from the end cannot be told from a shorter history; see FORMAT.md.
 *
 * <p>Callers hold the vault's write lock while appending, which serialises the chain.
 */
public final class AuditLog {
    private static final String MAC_FIELD = ",\"mac\":\"";
    private static final String GENESIS = "0".repeat(64);
    private static final int TAIL_WINDOW = 16 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private final Clock clock;

    public AuditLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one line for {@code event} with {@code outcome}, chained to the last line. The line
     * names the vault's {@code generation} after the operation (which picks the audit key a
     * verifier uses) and the {@code member} that unlocked it (or null).
     */
    public void append(byte[] auditKey, long generation, String member, AuditEvent event, String outcome)
            throws VaultException {
        requireTrusted();
        try {
            Tail tail = readTail();
            byte[] line = line(auditKey, tail, generation, member, event, outcome);
            try (FileChannel channel = FileChannel.open(file,
                    EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    SecureFiles.ownerOnlyFile(file.toAbsolutePath().getParent()))) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot write audit log " + file + ": " + e.getMessage());
        }
    }

    private byte[] line(byte[] auditKey, Tail tail, long generation, String member, AuditEvent event, String outcome)
            throws IOException {
        Actor actor = Actor.current();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeNumberField("seq", tail.seq + 1);
            json.writeStringField("time", clock.instant().toString());
            json.writeStringField("op", event.operation());
            if (event.key() != null) {
                json.writeStringField("key", event.key());
            }
            if (event.profile() != null) {
                json.writeStringField("profile", event.profile());
            }
            if (!event.versions().isEmpty()) {
                json.writeArrayFieldStart("versions");
                for (int version : event.versions()) {
                    json.writeNumber(version);
                }
                json.writeEndArray();
            }
            json.writeStringField("actor", actor.userAtHost());
            if (member != null) {
                json.writeStringField("member", member);
            }
            json.writeNumberField("pid", actor.pid());
            json.writeNumberField("gen", generation);
            json.writeStringField("outcome", outcome);
            if (event.detail() != null) {
                json.writeStringField("detail", event.detail());
            }
            json.writeStringField("prev", tail.mac);
            // the object is closed by hand below, after the MAC
        }
        String body = out.toString(StandardCharsets.UTF_8);
        if (body.endsWith("}")) {
            body = body.substring(0, body.length() - 1);
        }
        String mac = mac(auditKey, body);
        return (body + MAC_FIELD + mac + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Every line, parsed; a line that does not parse is an INVALID_INPUT failure naming it. */
    public List<AuditEntry> read() throws VaultException {
        List<AuditEntry> entries = new ArrayList<>();
        List<String> lines = lines();
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            try {
                entries.add(entry(i + 1, mapper.readTree(lines.get(i))));
            } catch (IOException | RuntimeException e) {
                throw new VaultException(Failure.DAMAGED, "audit log " + file + " line " + (i + 1) + " is not a valid entry");
            }
        }
        return entries;
    }

    /** Checks the whole chain, written under one audit key, and reports the first line that breaks it. */
    public AuditVerification verify(byte[] auditKey) throws VaultException {
        return verify(AuditKeys.initial(), auditKey, 0);
    }

    /**
     * Checks the whole chain and reports the first line that breaks it. Each line is checked with
     * the audit key of the generation it names ({@code keys} holds those of data keys before a
     * rekey). Generations may go back from one line to the next: a reader takes no lock and logs
     * the generation it read, which a writer may have superseded meanwhile. {@code lastWritten} is
     * the generation this machine last wrote: a log whose lines all name older ones was cut short.
     */
    public AuditVerification verify(AuditKeys keys, byte[] currentKey, long lastWritten) throws VaultException {
        List<String> lines = lines();
        ObjectMapper mapper = new ObjectMapper();
        String previous = GENESIS;
        long generation = 0;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i);
            int at = line.lastIndexOf(MAC_FIELD);
            if (at < 0 || !line.endsWith("\"}")) {
                return new AuditVerification(lines.size(), number, "malformed line (no MAC)");
            }
            JsonNode node;
            try {
                node = mapper.readTree(line);
            } catch (IOException | RuntimeException e) {
                return new AuditVerification(lines.size(), number, "malformed JSON");
            }
            long lineGeneration = node.path("gen").asLong(0);
            generation = Math.max(generation, lineGeneration);
            byte[] key = keys.keyFor(lineGeneration, currentKey);
            String mac = line.substring(at + MAC_FIELD.length(), line.length() - 2);
            if (key == null || !HmacSha256.matches(mac.getBytes(StandardCharsets.US_ASCII),
                    mac(key, line.substring(0, at)).getBytes(StandardCharsets.US_ASCII))) {
                return new AuditVerification(lines.size(), number, "MAC mismatch: the line was edited or not written by this vault");
            }
            if (node.path("seq").asLong(-1) != number) {
                return new AuditVerification(lines.size(), number, "sequence " + node.path("seq").asText()
                        + " where " + number + " was expected: a line was removed, inserted or moved");
            }
            if (!previous.equals(node.path("prev").asText())) {
                return new AuditVerification(lines.size(), number, "chain broken: previous line was removed, inserted or moved");
            }
            previous = mac;
        }
        if (generation < lastWritten) {
            return new AuditVerification(lines.size(), lines.size() + 1, "the log ends at generation " + generation
                    + ", but this machine wrote generation " + lastWritten + ": lines were removed from its end");
        }
        return new AuditVerification(lines.size(), 0, null);
    }

    private static String mac(byte[] auditKey, String body) {
        return HexFormat.of().formatHex(HmacSha256.of(auditKey, body.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> lines() throws VaultException {
        requireTrusted();
        try {
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read audit log " + file + ": " + e.getMessage());
        }
    }

    /**
     * Refuses a log another user made or may read or write (planted before the vault was created,
     * to read key names from it): see {@link TrustedPaths}. A missing log is created 0600 when first
     * written. Writers call this before they change the vault, so a refused log changes nothing.
     */
    public void requireTrusted() throws VaultException {
        Path folder = file.toAbsolutePath().getParent();
        if (Files.isDirectory(folder)) {
            TrustedPaths.requireTrustedFolder(folder, "vault folder");
        }
        TrustedPaths.requireTrustedFileIfPresent(file, "audit log");
    }

    private static AuditEntry entry(int line, JsonNode node) {
        List<Integer> versions = new ArrayList<>();
        node.path("versions").forEach(v -> versions.add(v.asInt()));
        return new AuditEntry(line, node.path("seq").asLong(), Instant.parse(node.path("time").asText()),
                node.path("op").asText(), text(node, "key"), text(node, "profile"), versions,
                node.path("actor").asText(), node.path("pid").asLong(), node.path("outcome").asText(),
                text(node, "detail"), text(node, "member"), node.path("gen").asLong(0));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The last line's sequence number and MAC (or the genesis values for an empty log). */
    private Tail readTail() throws IOException {
        if (!Files.exists(file)) {
            return new Tail(0, GENESIS);
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int window = (int) Math.min(length, TAIL_WINDOW);
            byte[] bytes = new byte[window];
            in.seek(length - window);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8).stripTrailing();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            int at = last.lastIndexOf(MAC_FIELD);
            int seqStart = last.indexOf("{\"seq\":");
            if (last.isEmpty() || at < 0 || seqStart != 0 || !last.endsWith("\"}")) {
                // A damaged last line: chain to it anyway; verify will name it.
                return new Tail(countLines(), GENESIS);
            }
            int seqEnd = last.indexOf(',');
            long seq = Long.parseLong(last.substring("{\"seq\":".length(), seqEnd));
            return new Tail(seq, last.substring(at + MAC_FIELD.length(), last.length() - 2));
        } catch (NumberFormatException e) {
            return new Tail(countLines(), GENESIS);
        }
    }

    private long countLines() throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isEmpty()).count();
        }
    }

    private record Tail(long seq, String mac) {
    }
}
