package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Names;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a {@code .env} file, exactly and with no surprises. The grammar, line by line:
 *
 * <pre>
 * file       = { line }                       UTF-8; a leading BOM is skipped; CRLF and CR read as LF
 * line       = blank | comment | assignment
 * blank      = [ws] LF                        ws = spaces and tabs
 * comment    = [ws] "#" { any but LF } LF
 * assignment = [ws] ["export" ws] NAME [ws] "=" [ws] value [ws] [comment] LF
 * NAME       = [A-Za-z_][A-Za-z0-9_]*
 * value      = "'" { any but "'" } "'"        single quotes: every character literal, may span lines
 *            | '"' { char | escape } '"'      double quotes: may span lines; escapes \n \t \r \" \\ \$;
 *                                              any other backslash is kept as it is
 *            | { any but LF }                 unquoted: ends at the line's end or at a "#" that starts
 *                                              the value or follows a space or tab; trailing ws dropped
 * </pre>
 *
 * No variable is expanded: {@code $HOME} stays {@code $HOME}. A value is never empty (Keystash
 * stores no empty values), and a name appears once. Any violation refuses the whole file with
 * one message naming the line, never the value. NUL characters are refused (binary file).
 */
public final class DotenvParser {
    private final String text;
    private int position;
    private int line = 1;

    private DotenvParser(String text) {
        this.text = text;
    }

    /** Every assignment in file order. The caller closes them. */
    public static List<DotenvVariable> parse(byte[] content) throws VaultException {
        DotenvParser parser = new DotenvParser(normalize(decode(content)));
        List<DotenvVariable> variables = new ArrayList<>();
        try {
            parser.parseInto(variables);
            return variables;
        } catch (VaultException | RuntimeException e) {
            variables.forEach(DotenvVariable::close);
            throw e;
        }
    }

    /**
     * Most variables one file may hold: far more than any real {@code .env}, far fewer than the
     * millions of one-line variables 16 MiB can hold, each of which costs a secret and map entries.
     */
    static final int MAX_VARIABLES = 100_000;

    private void parseInto(List<DotenvVariable> variables) throws VaultException {
        Map<String, Integer> seen = new HashMap<>();
        while (position < text.length()) {
            skipBlanks();
            if (atLineEnd()) {
                nextLine();
                continue;
            }
            if (peek() == '#') {
                skipToLineEnd();
                nextLine();
                continue;
            }
            int start = line;
            String name = name();
            skipBlanks();
            if (position >= text.length() || peek() != '=') {
                throw error(start, "expected NAME=value");
            }
            position++;
            skipBlanks();
            String value = value(name);
            if (value.isEmpty()) {
                throw error(start, name + " has an empty value (Keystash stores no empty values; remove the line)");
            }
            if (variables.size() == MAX_VARIABLES) {
                throw error(start, "more than " + MAX_VARIABLES + " variables in one file (split it)");
            }
            Integer earlier = seen.putIfAbsent(name, start);
            if (earlier != null) {
                throw error(start, name + " is already set on line " + earlier);
            }
            variables.add(new DotenvVariable(name, toSecret(value, start, name), start));
            nextLine();
        }
    }

    private String name() throws VaultException {
        if (text.startsWith("export", position) && position + 6 < text.length()
                && (text.charAt(position + 6) == ' ' || text.charAt(position + 6) == '\t')) {
            position += 6;
            skipBlanks();
        }
        int start = position;
        while (position < text.length() && isNameChar(peek())) {
            position++;
        }
        String name = text.substring(start, position);
        if (name.isEmpty() || position < text.length() && !isBlank(peek()) && peek() != '=' && peek() != '\n') {
            throw error(line, "expected NAME=value, NAME made of letters, digits and '_'");
        }
        if (!Names.isEnvVar(name)) {
            throw error(line, "invalid variable name (letters, digits and '_', not starting with a digit, at most 256)");
        }
        return name;
    }

    private String value(String name) throws VaultException {
        int start = line;
        String value;
        if (position < text.length() && (peek() == '\'' || peek() == '"')) {
            value = peek() == '\'' ? singleQuoted(start, name) : doubleQuoted(start, name);
            skipBlanks();
            if (!atLineEnd() && peek() != '#') {
                throw error(line, "unexpected text after the closing quote of " + name);
            }
            skipToLineEnd();
            return value;
        }
        int begin = position;
        int end = position;
        while (!atLineEnd()) {
            char c = peek();
            if (c == '#' && (position == begin || isBlank(text.charAt(position - 1)))) {
                break;
            }
            position++;
            if (!isBlank(c)) {
                end = position;
            }
        }
        skipToLineEnd();
        return text.substring(begin, end);
    }

    private String singleQuoted(int start, String name) throws VaultException {
        int close = text.indexOf('\'', position + 1);
        if (close < 0) {
            throw error(start, "the single-quoted value of " + name + " is not closed");
        }
        String value = text.substring(position + 1, close);
        countLines(position + 1, close);
        position = close + 1;
        return value;
    }

    private String doubleQuoted(int start, String name) throws VaultException {
        StringBuilder value = new StringBuilder();
        position++;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && position < text.length()) {
                char next = text.charAt(position);
                String escaped = switch (next) {
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case 'r' -> "\r";
                    case '"' -> "\"";
                    case '\\' -> "\\";
                    case '$' -> "$";
                    default -> null;
                };
                if (escaped != null) {
                    value.append(escaped);
                    position++;
                    continue;
                }
            }
            if (c == '\n') {
                line++;
            }
            value.append(c);
        }
        throw error(start, "the double-quoted value of " + name + " is not closed");
    }

    private static Secret toSecret(String value, int line, String name) throws VaultException {
        try {
            return Secret.ofUtf8(value.getBytes(StandardCharsets.UTF_8));
        } catch (VaultException e) {
            throw error(line, name + ": " + e.getMessage());
        }
    }

    private static String decode(byte[] content) throws VaultException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            int lineNumber = 1;
            for (int i = 0; i < bad; i++) {
                lineNumber += content[i] == '\n' ? 1 : 0;
            }
            throw error(lineNumber, "not UTF-8 text (is this a binary file?)");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw error(1 + (int) text.substring(0, nul).chars().filter(c -> c == '\n').count(),
                    "NUL character (is this a binary file?)");
        }
        return text;
    }

    private static String normalize(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        return body.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static VaultException error(int line, String problem) {
        return new VaultException(Failure.INVALID_INPUT, "line " + line + ": " + problem);
    }

    private char peek() {
        return text.charAt(position);
    }

    private boolean atLineEnd() {
        return position >= text.length() || peek() == '\n';
    }

    private void skipBlanks() {
        while (position < text.length() && isBlank(peek())) {
            position++;
        }
    }

    private void skipToLineEnd() {
        while (!atLineEnd()) {
            position++;
        }
    }

    private void nextLine() {
        if (position < text.length()) {
            position++;
            line++;
        }
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            line += text.charAt(i) == '\n' ? 1 : 0;
        }
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isNameChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
    }
}
