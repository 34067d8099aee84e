package io.keystash.it.reliability;

import io.keystash.agent.options.AgentOptions;
import io.keystash.agent.options.OptionException;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.format.MalformedException;
import io.keystash.vault.format.NewerFormatException;
import io.keystash.vault.format.VaultCodec;
import io.keystash.vault.model.DayPeriods;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.RateLimit;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.transfer.DotenvParser;
import io.keystash.vault.transfer.DotenvVariable;
import io.keystash.vault.transfer.ExportDocument;
import io.keystash.vault.transfer.ExportReader;
import io.keystash.vault.transfer.ImportSet;
import io.keystash.vault.transfer.TransferFormat;
import io.keystash.vault.unlock.KeyFileKey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded fuzzing of every parser we own that exists on this branch, in a JVM with the shipped
 * CLI and agent jars: agent options, periods and dates, rate limits, names, the vault file
 * (header, caps, records) through {@code VaultCodec} and {@code VaultStore.open}, the import
 * formats ({@code .env}, JSON and YAML exports, with sealed, clear or no values) through vault-core's
 * parsers and through the CLI's {@code import}, and the CLI's own options through its entry point. Inputs mix valid fragments with random and hostile text
 * (control characters, NUL, surrogates, huge numbers), so the parsers' accepting paths run too.
 *
 * <p>A parser may accept or refuse with its documented exception; anything else (a runtime
 * exception, a CLI exit status 6 "unexpected", a stack trace, a refused command that changed the
 * vault) is a finding, printed with the input escaped. Arguments: VAULT KEY_FILE WORK SEED
 * ITERATIONS. Prints {@code harness NAME cases N accepted A refused R findings F}; exits 1 on
 * any finding.
 */
public final class FuzzDriverMain {
    private static final String[] OPTION_WORDS = {"profile", "vault", "keyfile", "passphrase-file", "env", "props",
        "children", "override", "onerror", "verbose", "true", "false", "inherit", "none", "warn", "fail", "prod", "/tmp/x",
        "", " ", "=", ",", "\u0000", "é", "\uD800", "../../etc/passwd", "KEYSTASH_PROFILE"};
    private static final String[] PERIOD_PIECES = {"0", "1", "9", "90", "365", "36500", "36501", "99999999", "d", "w", "y",
        "D", "W", "Y", " ", "-", "+", "1e3", "٣", "\u0000", "0x10", "", "9223372036854775807", "2147483648"};
    private static final String[] DATE_PIECES = {"2027", "1969", "9999", "10000", "-", "01", "12", "13", "00", "31", "32",
        "02", "29", "30", "+", " ", "T", "Z", "\u0000", "1970", "0001", "99999"};
    private static final String[] CLI_PIECES = {"store", "profile", "add-key", "create", "list", "get", "delete", "--provider",
        "openai", "aws", "custom", "bogus", "--env", "--property", "--endpoint", "--rate-limit", "--setting", "--expires",
        "--expires-in", "--rotate-every", "--tag", "--description", "--keep", "--force", "--yes", "--json", "-", "--",
        "k1", "k2", "dev", "OPENAI_API_KEY", "a=b", "=", "10/min", "0/s", "99999999999/day", "90d", "2027-01-31",
        "2027-02-30", "0", "-1", "1001", "99999999999", "x".repeat(200), "\u0000", "é", "\uD800", " ", "a b", "$(id)"};

    private static int emptyProfiles;

    private FuzzDriverMain() {
    }

    public static void main(String[] args) throws Exception {
        Path vault = Path.of(args[0]);
        Path keyFile = Path.of(args[1]);
        Path work = Path.of(args[2]);
        long seed = Long.parseLong(args[3]);
        int iterations = Integer.parseInt(args[4]);
        ImportSeeds seeds = ImportSeeds.export(vault, keyFile, work);
        Path target = work.resolve("import.vault");
        Files.copy(vault, target);
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        List<Harness> harnesses = List.of(
                new Harness("agent options (io.keystash.agent.options)", seed, iterations * 4, FuzzDriverMain::agentOptions),
                new Harness("periods (DayPeriods.parseDays)", seed + 1, iterations * 4, FuzzDriverMain::periods),
                new Harness("dates (DayPeriods.parseDate)", seed + 2, iterations * 4, FuzzDriverMain::dates),
                new Harness("rate limits (RateLimit.parse)", seed + 3, iterations * 4, FuzzDriverMain::rateLimits),
                new Harness("names (key, profile, env var, property)", seed + 4, iterations * 4, FuzzDriverMain::names),
                new Harness("vault file (VaultCodec.parse, VaultStore.open)", seed + 5, iterations,
                        random -> vaultFile(random, Files.readAllBytes(vault), keyFile, work)),
                new Harness("key files (KeyFileKey.read)", seed + 7, iterations,
                        random -> keyFile(random, Files.readString(keyFile), work)),
                new Harness("audit log (AuditLog.verify, AuditLog.read)", seed + 8, iterations,
                        random -> auditLog(random, vault, keyFile, work)),
                new Harness("CLI options (store, profile add-key, list, get, delete via Keystash.run)", seed + 6,
                        Math.max(1, iterations / 5), random -> cli(random, vault, keyFile)),
                new Harness("import .env (DotenvParser.parse, ImportSet.ofDotenv)", seed + 9, iterations * 2,
                        random -> dotenv(random, seeds.dotenv)),
                new Harness("import JSON (ExportReader.read)", seed + 10, iterations,
                        random -> export(random, seeds.pick(random, seeds.json), TransferFormat.JSON)),
                new Harness("import YAML (ExportReader.read)", seed + 11, iterations,
                        random -> export(random, seeds.pick(random, seeds.yaml), TransferFormat.YAML)),
                new Harness("import command (.env, JSON, YAML; sealed, plaintext, none) via Keystash.run", seed + 12,
                        Math.max(1, iterations / 5), random -> importCommand(random, seeds, target, keyFile, work)));
        boolean clean = true;
        for (Harness harness : harnesses) {
            clean &= harness.run();
        }
        System.out.println("note agent options: " + emptyProfiles + " inputs with KEYSTASH_PROFILE made of control "
                + "characters only gave an empty profile name (refused later, at the profile lookup)");
        System.exit(clean ? 0 : 1);
    }

    /** One fuzzed parser: a case returns true (accepted) or false (refused), or throws a finding. */
    @FunctionalInterface
    interface Case {
        boolean run(SplittableRandom random) throws Exception;
    }

    static final class Finding extends Exception {
        private static final long serialVersionUID = 1L;

        Finding(String message) {
            super(message);
        }
    }

    private record Harness(String name, long seed, int cases, Case body) {
        boolean run() {
            SplittableRandom random = new SplittableRandom(seed);
            int accepted = 0;
            int refused = 0;
            int findings = 0;
            long started = System.nanoTime();
            for (int i = 0; i < cases; i++) {
                try {
                    if (body.run(random)) {
                        accepted++;
                    } else {
                        refused++;
                    }
                } catch (Finding e) {
                    findings++;
                    report(findings, i, e.getMessage());
                } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                    findings++;
                    report(findings, i, e.getClass().getName() + ": " + escape(String.valueOf(e.getMessage())));
                }
            }
            System.out.println("harness " + name + " cases " + cases + " accepted " + accepted + " refused " + refused
                    + " findings " + findings + " millis " + (System.nanoTime() - started) / 1_000_000);
            return findings == 0;
        }

        private void report(int findings, int index, String what) {
            if (findings <= 5) {
                System.out.println("finding " + name + " case " + index + ": " + what);
            }
        }
    }

    // ---- text generators ---------------------------------------------------------------------

    private static String pieces(SplittableRandom random, String[] pieces, int max) {
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(max + 1);
        for (int i = 0; i < count; i++) {
            text.append(random.nextInt(6) == 0 ? randomText(random, 3) : pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static String pick(SplittableRandom random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Random characters: ASCII, controls, Latin-1, BMP, lone and paired surrogates. */
    static String randomText(SplittableRandom random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append((char) random.nextInt(0x20));
                case 1, 2 -> text.append((char) (0x20 + random.nextInt(0x5F)));
                case 3 -> text.append((char) (0xA0 + random.nextInt(0x60)));
                case 4 -> text.append((char) random.nextInt(0x10000));
                default -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
        }
        return text.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.length() > 300 ? out.substring(0, 300) + "..." : out.toString();
    }

    // ---- harnesses ---------------------------------------------------------------------------

    private static boolean agentOptions(SplittableRandom random) throws Exception {
        StringBuilder text = new StringBuilder();
        int pairs = random.nextInt(6);
        for (int i = 0; i < pairs; i++) {
            text.append(i == 0 ? "" : random.nextInt(10) == 0 ? ",," : ",");
            text.append(pieces(random, OPTION_WORDS, 2));
            if (random.nextInt(8) != 0) {
                text.append('=');
            }
            text.append(pieces(random, OPTION_WORDS, 2));
        }
        String arguments = random.nextInt(20) == 0 ? null : text.toString();
        try {
            AgentOptions options = AgentOptions.parse(arguments, Map.of("KEYSTASH_PROFILE", pieces(random, OPTION_WORDS, 1)));
            if (options.profile() == null || options.onError() == null) {
                throw new Finding("accepted options without a profile or onerror: " + escape(String.valueOf(arguments)));
            }
            if (options.profile().isEmpty()) {
                // KEYSTASH_PROFILE of control characters only: isBlank() says no, trim() leaves "". The
                // profile lookup then refuses the empty name (exit 78); reported, not a failure.
                emptyProfiles++;
            }
            return true;
        } catch (OptionException e) {
            if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                throw new Finding("refusal without a one-line message: " + escape(String.valueOf(arguments)));
            }
            return false;
        }
    }

    private static boolean periods(SplittableRandom random) throws Exception {
        String text = random.nextInt(30) == 0 ? null : pieces(random, PERIOD_PIECES, 3);
        try {
            int days = DayPeriods.parseDays(text);
            if (days < 0 || days > DayPeriods.MAX_DAYS || DayPeriods.parseDays(DayPeriods.format(days)) != days) {
                throw new Finding("period " + escape(String.valueOf(text)) + " gave " + days);
            }
            return true;
        } catch (VaultException e) {
            return refusedAsInvalidInput(e, text);
        }
    }

    private static boolean dates(SplittableRandom random) throws Exception {
        String text = random.nextInt(30) == 0 ? null : random.nextBoolean() ? pieces(random, DATE_PIECES, 6)
                : pick(random, "2027", "1969", "1970", "9999", "10000", "0001", "2024", "+2027")
                + pick(random, "-", "-", "/", "") + pick(random, "01", "02", "12", "13", "00", "2", "1")
                + pick(random, "-", "-", "") + pick(random, "01", "28", "29", "30", "31", "32", "00", "9")
                + (random.nextInt(8) == 0 ? randomText(random, 2) : "");
        try {
            java.time.LocalDate date = DayPeriods.parseDate(text);
            if (date.getYear() < 1970 || date.getYear() > 9999 || !DayPeriods.parseDate(date.toString()).equals(date)) {
                throw new Finding("date " + escape(String.valueOf(text)) + " gave " + date);
            }
            return true;
        } catch (VaultException e) {
            return refusedAsInvalidInput(e, text);
        }
    }

    private static boolean rateLimits(SplittableRandom random) throws Exception {
        String[] units = {"s", "min", "h", "day", "m", "hour", "", "/"};
        String text = random.nextInt(3) == 0 ? randomText(random, 12)
                : pieces(random, PERIOD_PIECES, 2) + (random.nextBoolean() ? "/" : "") + units[random.nextInt(units.length)];
        try {
            RateLimit limit = RateLimit.parse(text);
            if (!RateLimit.parse(limit.toString()).equals(limit)) {
                throw new Finding("rate limit " + escape(text) + " does not read back");
            }
            return true;
        } catch (VaultException e) {
            return refusedAsInvalidInput(e, text);
        }
    }

    private static boolean names(SplittableRandom random) throws Exception {
        String text = random.nextInt(4) == 0 ? "a".repeat(random.nextInt(300)) : random.nextBoolean()
                ? randomText(random, 20) : pieces(random, new String[] {"a", "Z", "0", "_", ".", "-", "=", " ", "\u00a0", "é"}, 10);
        boolean any = false;
        any |= agrees(Names.isKeyName(text), () -> Names.requireKeyName(text), text);
        any |= agrees(Names.isKeyName(text), () -> Names.requireProfileName(text), text);
        any |= agrees(Names.isEnvVar(text), () -> Names.requireEnvVar(text), text);
        any |= agrees(Names.isProperty(text), () -> Names.requireProperty(text), text);
        if (Names.isProperty(text) && !new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text)) {
            throw new Finding("property name accepted that does not survive UTF-8: " + escape(text));
        }
        String quoted = Names.quote(text);
        if (quoted.chars().anyMatch(Character::isISOControl)) {
            throw new Finding("quote() lets a control character through: " + escape(text));
        }
        return any;
    }

    @FunctionalInterface
    private interface Require {
        String check() throws VaultException;
    }

    private static boolean agrees(boolean valid, Require require, String text) throws Finding {
        try {
            require.check();
            if (!valid) {
                throw new Finding("require accepted what is() refused: " + escape(text));
            }
            return true;
        } catch (VaultException e) {
            if (valid) {
                throw new Finding("require refused what is() accepted: " + escape(text));
            }
            return false;
        }
    }

    private static boolean refusedAsInvalidInput(VaultException e, String text) throws Finding {
        if (e.failure() != io.keystash.vault.Failure.INVALID_INPUT) {
            throw new Finding("refused as " + e.failure() + ": " + escape(String.valueOf(text)));
        }
        return false;
    }

    /** Mutations of a real vault: byte changes, extreme length fields, splices, random files. */
    private static boolean vaultFile(SplittableRandom random, byte[] original, Path keyFile, Path work) throws Exception {
        byte[] bytes = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int changes = 1 + random.nextInt(8);
                for (int i = 0; i < changes; i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> {
                // a 32-bit field somewhere set to an extreme: lengths, counts, KDF parameters
                int at = random.nextInt(bytes.length - 4);
                int[] extremes = {0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1 << 30, 65_536, 65_537, 10_000_001};
                int value = extremes[random.nextInt(extremes.length)];
                bytes[at] = (byte) (value >>> 24);
                bytes[at + 1] = (byte) (value >>> 16);
                bytes[at + 2] = (byte) (value >>> 8);
                bytes[at + 3] = (byte) value;
            }
            case 2 -> {
                int from = random.nextInt(bytes.length);
                int to = from + random.nextInt(bytes.length - from + 1);
                byte[] cut = new byte[bytes.length - (to - from)];
                System.arraycopy(bytes, 0, cut, 0, from);
                System.arraycopy(bytes, to, cut, from, bytes.length - to);
                bytes = cut;
            }
            case 3 -> {
                bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                if (bytes.length >= 10 && random.nextBoolean()) {
                    System.arraycopy(VaultCodec.MAGIC, 0, bytes, 0, 8);
                    bytes[8] = 1;
                }
            }
            default -> {
                int at = random.nextInt(bytes.length);
                byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(64));
                System.arraycopy(bytes, at, longer, longer.length - (bytes.length - at), bytes.length - at);
                bytes = longer;
            }
        }
        boolean parsed;
        try {
            VaultCodec.parse(bytes);
            parsed = true;
        } catch (MalformedException | NewerFormatException e) {
            parsed = false;
        }
        try (KeyFileKey key = KeyFileKey.read(keyFile)) {
            VaultStore.at(VaultPaths.of(work.resolve("fuzz.vault"))).open(bytes, key).close();
            if (!Arrays.equals(bytes, original)) {
                throw new Finding("a changed vault opened (" + bytes.length + " bytes)");
            }
            return true;
        } catch (VaultException e) {
            if (e.getMessage().contains("\n")) {
                throw new Finding("multi-line refusal");
            }
            return parsed; // "accepted" here: structurally sound, refused when unlocked
        }
    }

    /** Key file contents: the real line changed, cut, padded, or random; read as a key or refused. */
    private static boolean keyFile(SplittableRandom random, String real, Path work) throws Exception {
        String text = switch (random.nextInt(4)) {
            case 0 -> real.substring(0, random.nextInt(real.length() + 1));
            case 1 -> {
                char[] chars = real.toCharArray();
                chars[random.nextInt(chars.length)] = (char) random.nextInt(0x100);
                yield new String(chars);
            }
            case 2 -> " ".repeat(random.nextInt(3)) + real.strip() + pick(random, "", "=", "==", "A", "\r\n", "\n\n", "\u0000");
            default -> randomText(random, 300);
        };
        Path file = work.resolve("fuzz.key");
        Files.deleteIfExists(file);
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        try (KeyFileKey key = KeyFileKey.read(file)) {
            return key != null;
        } catch (VaultException e) {
            return refusedAsInvalidInput(e, "key file of " + text.length() + " chars");
        }
    }

    /**
     * A real audit log edited: bytes changed, lines cut, repeated or joined, hostile JSON (deep
     * nesting, huge numbers, wrong types); verify must report a line, read must return or refuse.
     */
    private static boolean auditLog(SplittableRandom random, Path vault, Path keyFile, Path work) throws Exception {
        Path realLog = VaultPaths.of(vault).auditLog();
        List<String> lines = new ArrayList<>(Files.readAllLines(realLog, StandardCharsets.UTF_8));
        int at = random.nextInt(lines.size());
        switch (random.nextInt(6)) {
            case 0 -> {
                char[] chars = lines.get(at).toCharArray();
                chars[random.nextInt(chars.length)] = (char) (0x20 + random.nextInt(0x5F));
                lines.set(at, new String(chars));
            }
            case 1 -> lines.set(at, lines.get(at).substring(0, random.nextInt(lines.get(at).length())));
            case 2 -> lines.add(at, lines.get(random.nextInt(lines.size())));
            case 3 -> lines.set(at, "[".repeat(random.nextInt(100_000)));
            case 4 -> lines.set(at, lines.get(at).replaceFirst("\"seq\":\\d+", pick(random, "\"seq\":99999999999999999999999",
                    "\"seq\":-1", "\"seq\":\"x\"", "\"seq\":1e308", "\"seq\":null")));
            default -> lines.set(at, randomText(random, 200));
        }
        Path copy = work.resolve("fuzz-audit.log");
        Files.write(copy, (String.join("\n", lines) + (random.nextBoolean() ? "\n" : "")).getBytes(StandardCharsets.UTF_8));
        // owner-only, as Keystash writes it: a log others may write is refused before it is parsed
        Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        io.keystash.vault.audit.AuditLog log = new io.keystash.vault.audit.AuditLog(copy, java.time.Clock.systemUTC());
        try (KeyFileKey key = KeyFileKey.read(keyFile);
             io.keystash.vault.Vault opened = VaultStore.at(VaultPaths.of(vault)).open(key)) {
            io.keystash.vault.audit.AuditVerification verification = log.verify(opened.auditKey());
            if (!verification.intact() && (verification.firstBadLine() < 1 || verification.firstBadLine() > lines.size() + 1)) {
                throw new Finding("verify named line " + verification.firstBadLine() + " of " + lines.size());
            }
        }
        try {
            log.read();
            return true;
        } catch (VaultException e) {
            return false;
        }
    }

    /** Random command lines for the CLI; a refusal must be a documented status and change nothing. */
    private static boolean cli(SplittableRandom random, Path vault, Path keyFile) throws Exception {
        InProcessCli cli = new InProcessCli(Map.of("KEYSTASH_VAULT", vault.toString(), "KEYSTASH_KEY_FILE", keyFile.toString()),
                vault.getParent().toString());
        List<String> args = new ArrayList<>();
        String[] starts = {"store", "store", "profile add-key", "profile create", "list", "get", "delete"};
        args.addAll(List.of(starts[random.nextInt(starts.length)].split(" ")));
        int words = random.nextInt(7);
        for (int i = 0; i < words; i++) {
            args.add(random.nextInt(8) == 0 ? randomText(random, 6) : CLI_PIECES[random.nextInt(CLI_PIECES.length)]);
        }
        byte[] stdin = random.nextInt(4) == 0 ? new byte[0] : randomText(random, 40).getBytes(StandardCharsets.UTF_8);
        if (stdin.length > 0 && random.nextInt(4) == 0) {
            stdin[random.nextInt(stdin.length)] = (byte) 0xFF; // invalid UTF-8
        }
        byte[] before = Files.readAllBytes(vault);
        InProcessCli.Outcome outcome = cli.run(stdin, args.toArray(String[]::new));
        String shown = escape(String.join(" ", args));
        if (outcome.err().contains("\tat ") || outcome.err().contains("unexpected")) {
            throw new Finding("status " + outcome.status() + " with a stack trace or 'unexpected': " + shown);
        }
        if (outcome.status() == 0) {
            return true;
        }
        if (outcome.status() < 2 || outcome.status() > 5) {
            throw new Finding("status " + outcome.status() + " (" + escape(outcome.err().strip()) + "): " + shown);
        }
        if (!Arrays.equals(before, Files.readAllBytes(vault))) {
            throw new Finding("refused with status " + outcome.status() + " but the vault changed: " + shown);
        }
        if (!outcome.oneErrorLine() && !outcome.err().contains("Usage:")) {
            throw new Finding("refusal is not one 'keystash:' line: " + shown);
        }
        return false;
    }

    // ---- import formats ----------------------------------------------------------------------

    /**
     * A marker in every value of the seed files and the fuzz vault: a refusal that quotes it has
     * leaked a value. The {@code @} keeps it from being (part of) a variable, key or profile name,
     * which messages may quote.
     */
    static final String VALUE_MARKER = "v@lue-fuzz";
    private static final String[] DOTENV_PIECES = {"export ", "NAME", "OPENAI_API_KEY", "_", "__X", "A1", "=", " = ", "'",
        "\"", "\\", "\\n", "\\\"", "\\$", "$HOME", "#", " #c", "\n", "\r\n", "\r", "\t", " ", "\u0000", "\uFEFF", "é",
        "\uD800", "x".repeat(130), "1BAD", "export"};
    private static final String[] DOCUMENT_PIECES = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e309", "-0",
        "99999999999999999999", "\"keystash-export\": 2", "\"secrets\": \"plaintext\"", "\"secrets\": \"sealed\"", "\\u0000",
        "\u0000", "\n", "---\n", "&a ", "*a", "!!binary ", "!!java.lang.Runtime ", "? ", "- ", "<<: ", "'", "#", "é", "\uD800",
        "[".repeat(2000), "\"totals\": {\"keys\": 0, \"profiles\": 0}", "\"keep\": 0", "\"keep\": 100000"};
    /** YAML's classic: nested aliases that would expand to 10^9 entries. */
    private static final String BILLION_LAUGHS = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
            + "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            + "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
            + "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\nkeystash-export: 1\n";

    /** Real files to mutate: a .env file, and exports of the fuzz vault in JSON and YAML with no, sealed and clear values. */
    record ImportSeeds(byte[] dotenv, List<byte[]> json, List<byte[]> yaml) {
        static ImportSeeds export(Path vault, Path keyFile, Path work) throws Exception {
            InProcessCli cli = new InProcessCli(Map.of("KEYSTASH_VAULT", vault.toString(), "KEYSTASH_KEY_FILE", keyFile.toString()),
                    vault.getParent().toString());
            List<byte[]> json = new ArrayList<>();
            List<byte[]> yaml = new ArrayList<>();
            String[][] modes = {{}, {"--include-secrets"}, {"--include-secrets", "--plaintext"}};
            for (String format : List.of("json", "yaml")) {
                for (String[] mode : modes) {
                    Path file = work.resolve("seed-" + format + "-" + mode.length + "." + format);
                    List<String> args = new ArrayList<>(List.of("export", file.toString(), "--format", format));
                    args.addAll(List.of(mode));
                    InProcessCli.Outcome outcome = cli.run(null, args.toArray(String[]::new));
                    if (outcome.status() != 0) {
                        throw new IllegalStateException("seed export failed: " + outcome.err());
                    }
                    (format.equals("json") ? json : yaml).add(Files.readAllBytes(file));
                }
            }
            String dotenv = "# seed\nexport OPENAI_API_KEY=" + VALUE_MARKER + "-1\nPLAIN=" + VALUE_MARKER + "-2 # comment\n"
                    + "SINGLE='" + VALUE_MARKER + "-3 $HOME'\nDOUBLE=\"" + VALUE_MARKER + "-4\\n\\\"quoted\\\"\"\n"
                    + "MULTI=\"" + VALUE_MARKER + "-5\nsecond line\"\n_UNDER=" + VALUE_MARKER + "-6\r\n";
            return new ImportSeeds(dotenv.getBytes(StandardCharsets.UTF_8), json, yaml);
        }

        byte[] pick(SplittableRandom random, List<byte[]> files) {
            return files.get(random.nextInt(files.size()));
        }
    }

    /** A seed file changed: bytes, cuts, deleted or repeated ranges, inserted pieces of the format's syntax. */
    private static byte[] mutate(SplittableRandom random, byte[] seed, String[] pieces) {
        byte[] bytes = seed.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && bytes.length > 0; r++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes = Arrays.copyOf(bytes, at);
                case 2 -> {
                    int to = at + random.nextInt(Math.min(64, bytes.length - at) + 1);
                    byte[] cut = new byte[bytes.length - (to - at)];
                    System.arraycopy(bytes, 0, cut, 0, at);
                    System.arraycopy(bytes, to, cut, at, bytes.length - to);
                    bytes = cut;
                }
                case 3 -> {
                    int to = at + random.nextInt(Math.min(200, bytes.length - at) + 1);
                    byte[] repeated = new byte[bytes.length + (to - at)];
                    System.arraycopy(bytes, 0, repeated, 0, to);
                    System.arraycopy(bytes, at, repeated, to, bytes.length - at);
                    bytes = repeated;
                }
                default -> {
                    byte[] piece = (random.nextInt(5) == 0 ? randomText(random, 8) : pieces[random.nextInt(pieces.length)])
                            .getBytes(StandardCharsets.UTF_8);
                    byte[] longer = new byte[bytes.length + piece.length];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    System.arraycopy(piece, 0, longer, at, piece.length);
                    System.arraycopy(bytes, at, longer, at + piece.length, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    private static byte[] dotenvCase(SplittableRandom random, byte[] seed) {
        if (random.nextInt(4) == 0) {
            return pieces(random, DOTENV_PIECES, 24).getBytes(StandardCharsets.UTF_8);
        }
        return mutate(random, seed, DOTENV_PIECES);
    }

    private static byte[] documentCase(SplittableRandom random, byte[] seed) {
        return switch (random.nextInt(12)) {
            case 0 -> pieces(random, DOCUMENT_PIECES, 12).getBytes(StandardCharsets.UTF_8);
            case 1 -> BILLION_LAUGHS.getBytes(StandardCharsets.UTF_8);
            default -> mutate(random, seed, DOCUMENT_PIECES);
        };
    }

    /** A refusal is INVALID_INPUT with one line that quotes no value. */
    private static boolean refusedCleanly(VaultException e, String what) throws Finding {
        if (e.failure() != io.keystash.vault.Failure.INVALID_INPUT) {
            throw new Finding(what + " refused as " + e.failure() + ": " + escape(e.getMessage()));
        }
        if (e.getMessage() == null || e.getMessage().contains("\n")) {
            throw new Finding(what + " refused with a message of several lines: " + escape(String.valueOf(e.getMessage())));
        }
        if (e.getMessage().contains(VALUE_MARKER)) {
            throw new Finding(what + " refused with a message quoting a value (" + e.getMessage().length() + " chars)");
        }
        return false;
    }

    private static boolean dotenv(SplittableRandom random, byte[] seed) throws Exception {
        byte[] file = dotenvCase(random, seed);
        List<DotenvVariable> variables;
        try {
            variables = DotenvParser.parse(file);
        } catch (VaultException e) {
            return refusedCleanly(e, ".env of " + file.length + " bytes");
        }
        for (DotenvVariable variable : variables) {
            if (variable.value().byteLength() == 0 || !variable.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new Finding(".env accepted an empty value or a bad name: " + escape(variable.name()));
            }
        }
        try (ImportSet set = ImportSet.ofDotenv(variables, "fuzz", Instant.now(), "fuzz@test")) {
            return set.keys().size() == variables.size();
        } catch (VaultException e) {
            return refusedCleanly(e, ".env keys");
        }
    }

    private static boolean export(SplittableRandom random, byte[] seed, TransferFormat format) throws Exception {
        byte[] file = documentCase(random, seed);
        try (ExportDocument document = ExportReader.read(file, format)) {
            return document.keys().size() >= 0;
        } catch (VaultException e) {
            return refusedCleanly(e, format.id() + " of " + file.length + " bytes");
        }
    }

    /**
     * The whole {@code import} command on a mutated file, into a copy of the vault: a refusal is a
     * documented status (2 malformed, 3 sealed part wrong, 4 missing, 5 conflict), one line, no
     * value, and the vault byte for byte as it was. An accepted file is undone for the next case.
     */
    private static boolean importCommand(SplittableRandom random, ImportSeeds seeds, Path target, Path keyFile, Path work)
            throws Exception {
        int kind = random.nextInt(3);
        String format = kind == 0 ? "dotenv" : kind == 1 ? "json" : "yaml";
        byte[] file = kind == 0 ? dotenvCase(random, seeds.dotenv)
                : documentCase(random, seeds.pick(random, kind == 1 ? seeds.json : seeds.yaml));
        Path input = work.resolve("fuzz-import." + format);
        Files.write(input, file);
        List<String> args = new ArrayList<>(List.of("import", input.toString(), "--format", format));
        if (random.nextInt(3) == 0) {
            args.add("--force");
        }
        if (random.nextInt(4) == 0) {
            args.addAll(List.of("--profile", pick(random, "dev", "fuzz", "missing")));
        }
        InProcessCli cli = new InProcessCli(Map.of("KEYSTASH_VAULT", target.toString(), "KEYSTASH_KEY_FILE", keyFile.toString()),
                target.getParent().toString());
        byte[] before = Files.readAllBytes(target);
        InProcessCli.Outcome outcome = cli.run(null, args.toArray(String[]::new));
        String shown = format + " file of " + file.length + " bytes, " + String.join(" ", args.subList(2, args.size()));
        String printed = new String(outcome.out(), StandardCharsets.UTF_8) + outcome.err();
        if (printed.contains(VALUE_MARKER)) {
            throw new Finding("import printed a value: " + shown);
        }
        if (outcome.err().contains("\tat ") || outcome.err().contains("keystash: unexpected ")) {
            throw new Finding("status " + outcome.status() + " with a stack trace or an unexpected failure (" + escape(outcome.err().strip())
                    + "): " + shown);
        }
        if (outcome.status() == 0) {
            Files.write(target, before); // undone for the next case (the file keeps its mode 0600)
            return true;
        }
        if (outcome.status() < 2 || outcome.status() > 5) {
            throw new Finding("status " + outcome.status() + " (" + escape(outcome.err().strip()) + "): " + shown);
        }
        if (!Arrays.equals(before, Files.readAllBytes(target))) {
            throw new Finding("refused with status " + outcome.status() + " but the vault changed: " + shown);
        }
        if (!outcome.oneErrorLine()) {
            throw new Finding("refusal is not one 'keystash:' line: " + shown);
        }
        return false;
    }
}
