package io.keystash.vault.access;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.storage.SecureFiles;
import io.keystash.vault.storage.TrustedPaths;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read maps of program runs under the agent: {@code KEYSTASH_HOME/access/reads.log}, one line
 * per record, appended by each run when it exits and at each reload, never a value. When the file
 * passes {@value #MAX_FILE_BYTES} bytes it becomes {@code reads.log.1} (replacing the one before),
 * so the two together stay near 2 MiB whatever runs; a line holds at most {@value #MAX_LINE_BYTES}
 * bytes (names beyond are left out and the line says so).
 *
 * <p>Why appended lines and not a file per run: a run's exit costs one small write to a file that
 * is usually there (no folder listing, no pruning pass), many JVMs may append at once (each
 * record is one {@code write} on a file opened for appending), and a reader takes the latest line
 * of each run. Losing a line to a rare race between two runs rolling the file over only loses
 * statistics.
 *
 * <p>Line form: {@code keystash-reads 1}, then space-separated {@code field=value} pairs whose
 * values are percent-encoded UTF-8 (everything but letters, digits and {@code ._-/$:@+}); each
 * served name is a {@code name=KIND,NAME,COUNT,FIRST,LAST,CALLER} pair. Unknown fields are
 * ignored and malformed lines skipped, so a newer Keystash may add fields.
 */
public final class ReadLog {
    static final String MAGIC = "keystash-reads 1";
    static final long MAX_FILE_BYTES = 1L << 20;
    static final int MAX_LINE_BYTES = 256 * 1024;
    /** Class names and program names are cut to this many characters (a generated class can be long). */
    static final int MAX_TEXT = 512;
    private static final String SAFE = "._-/$:@+";

    private ReadLog() {
    }

    /** {@code HOME/access}. */
    public static Path folder(Path home) {
        return home.resolve("access");
    }

    /** {@code HOME/access/reads.log}. */
    public static Path file(Path home) {
        return folder(home).resolve("reads.log");
    }

    /**
     * Appends {@code reads} as one line, creating {@code access/} (0700, checked by
     * {@link TrustedPaths}) and the file (0600) in an existing home; false, writing nothing, when
     * {@code home} does not exist (the agent creates no home).
     */
    public static boolean append(Path home, ProgramReads reads) throws VaultException {
        if (!Files.isDirectory(home)) {
            return false;
        }
        Path folder = folder(home);
        TrustedPaths.createTrustedFolder(folder, "access folder");
        Path file = file(home);
        byte[] line = (encode(reads) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
            if (exists) {
                TrustedPaths.requireTrustedFile(file, "read map");
                if (Files.size(file) + line.length > MAX_FILE_BYTES) {
                    rollOver(file, folder.resolve("reads.log.1"));
                    exists = false;
                }
            }
            if (exists) {
                // java.io, loaded in every JVM already: this runs as a program exits.
                try (OutputStream out = new FileOutputStream(file.toFile(), true)) {
                    out.write(line);
                }
            } else {
                try (FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                        SecureFiles.ownerOnlyFile(folder))) {
                    channel.write(ByteBuffer.wrap(line));
                }
            }
            return true;
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot write the read map " + file + ": " + e.getMessage());
        }
    }

    private static void rollOver(Path file, Path old) throws IOException {
        try {
            Files.move(file, old, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // another run rolled it over first
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, old, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Every run recorded under {@code home}, the latest record of each, oldest run first; empty
     * when nothing was recorded. Malformed lines are skipped.
     */
    public static List<ProgramReads> read(Path home) throws VaultException {
        Map<String, ProgramReads> latest = new LinkedHashMap<>();
        for (Path file : List.of(folder(home).resolve("reads.log.1"), file(home))) {
            String text = readText(file);
            if (text == null) {
                continue;
            }
            for (String line : text.split("\n")) {
                ProgramReads reads = decode(line);
                if (reads != null) {
                    ProgramReads before = latest.get(reads.run());
                    if (before == null || before.written() <= reads.written()) {
                        latest.put(reads.run(), reads);
                    }
                }
            }
        }
        List<ProgramReads> runs = new ArrayList<>(latest.values());
        runs.sort(Comparator.comparingLong(ProgramReads::started).thenComparing(ProgramReads::run));
        return Collections.unmodifiableList(runs);
    }

    private static String readText(Path file) throws VaultException {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            TrustedPaths.requireTrustedFile(file, "read map");
            return new String(BoundedFileRead.read(file, (int) (MAX_FILE_BYTES + MAX_LINE_BYTES) * 2), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read the read map " + file + ": " + e.getMessage());
        }
    }

    /** One line (without its newline); names beyond {@link #MAX_LINE_BYTES} are left out. */
    static String encode(ProgramReads reads) {
        StringBuilder line = new StringBuilder(256 + 64 * reads.names().size()).append(MAGIC);
        field(line, "run", reads.run());
        field(line, "program", cut(reads.program()));
        field(line, "profile", reads.profile());
        field(line, "vault", reads.vault());
        field(line, "started", Long.toString(reads.started()));
        field(line, "written", Long.toString(reads.written()));
        field(line, "start-ended", Long.toString(reads.startEnded()));
        field(line, "reason", reads.reason());
        field(line, "reloads", Integer.toString(reads.reloads()));
        field(line, "whole", Long.toString(reads.wholeReads()));
        if (reads.wholeReadBy() != null) {
            field(line, "whole-by", cut(reads.wholeReadBy()));
        }
        int left = 0;
        for (NameReads name : reads.names()) {
            if (line.length() > MAX_LINE_BYTES / 4 * 3) { // room for a last name at its longest, escaped
                left++;
                continue;
            }
            line.append(" name=").append(name.kind().code()).append(',');
            escape(line, name.name());
            line.append(',').append(name.count()).append(',').append(name.first()).append(',').append(name.last()).append(',');
            if (name.caller() != null) {
                escape(line, cut(name.caller()));
            }
        }
        if (left > 0) {
            field(line, "left-out", Integer.toString(left));
        }
        return line.toString();
    }

    /** The record on {@code line}, or null when it is not one. */
    static ProgramReads decode(String line) {
        if (!line.startsWith(MAGIC + " ")) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<NameReads> names = new ArrayList<>();
        try {
            for (String pair : line.substring(MAGIC.length() + 1).split(" ")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    return null;
                }
                String field = pair.substring(0, equals);
                String value = pair.substring(equals + 1);
                if (field.equals("name")) {
                    String[] parts = value.split(",", -1);
                    if (parts.length != 6) {
                        return null;
                    }
                    names.add(new NameReads(NameReads.Kind.of(parts[0]), unescape(parts[1]), Long.parseLong(parts[2]),
                            Long.parseLong(parts[3]), Long.parseLong(parts[4]), parts[5].isEmpty() ? null : unescape(parts[5])));
                } else {
                    fields.put(field, unescape(value));
                }
            }
            String run = fields.get("run");
            if (run == null || run.isEmpty()) {
                return null;
            }
            return new ProgramReads(run, fields.getOrDefault("program", ""), fields.getOrDefault("profile", ""),
                    fields.getOrDefault("vault", ""), Long.parseLong(fields.get("started")), Long.parseLong(fields.get("written")),
                    Long.parseLong(fields.getOrDefault("start-ended", "0")), fields.getOrDefault("reason", ""),
                    Integer.parseInt(fields.getOrDefault("reloads", "0")), Long.parseLong(fields.getOrDefault("whole", "0")),
                    fields.get("whole-by"), names);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append(' ').append(name).append('=');
        escape(line, value == null ? "" : value);
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }

    private static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || SAFE.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
                }
                i = end - 1;
            }
        }
    }

    private static String unescape(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] bytes = new byte[text.length()];
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                bytes[length++] = (byte) Integer.parseInt(text.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                bytes[length++] = (byte) c;
            }
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
