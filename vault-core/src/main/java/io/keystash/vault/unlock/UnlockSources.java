package io.keystash.vault.unlock;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.session.SessionPlace;
import io.keystash.vault.storage.BoundedFileRead;
import io.keystash.vault.storage.VaultPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The unlock sources and their precedence, shared by the CLI and the agent, first present wins:
 * <ol>
 *   <li>identity: the option, else {@code KEYSTASH_IDENTITY};</li>
 *   <li>key file: the option, else {@code KEYSTASH_KEY_FILE};</li>
 *   <li>passphrase file or passphrase command: the options ({@code --passphrase-file},
 *       {@code --passphrase-command}; both at once is refused), else {@code API_KEY_MASTER_FILE},
 *       else {@code KEYSTASH_PASSPHRASE_COMMAND};</li>
 *   <li>a running unlock session for the vault (when the request names one);</li>
 *   <li>{@code API_KEY_MASTER} (all of these: {@link #resolve(UnlockRequest)});</li>
 *   <li>last, a person asked at a hidden prompt ({@link #resolve(UnlockRequest, Path, PassphrasePrompt)}).</li>
 * </ol>
 * Explicit ways come before a session, so a script that names its key file is never served by
 * whatever session happens to run; the session comes before {@code API_KEY_MASTER} and the prompt,
 * so a person who unlocked once is not asked again, and a variable left in a shell does not win
 * over it. Whatever else comes to unlock a vault slots in before the prompt.
 */
public final class UnlockSources {
    public static final String IDENTITY_VARIABLE = "KEYSTASH_IDENTITY";
    public static final String KEY_FILE_VARIABLE = "KEYSTASH_KEY_FILE";
    public static final String PASSPHRASE_FILE_VARIABLE = "API_KEY_MASTER_FILE";
    public static final String PASSPHRASE_COMMAND_VARIABLE = "KEYSTASH_PASSPHRASE_COMMAND";
    public static final String PASSPHRASE_VARIABLE = "API_KEY_MASTER";
    /** Variables that carry unlock material: hidden from programs and never passed to children. */
    public static final Set<String> VARIABLES = Set.of(IDENTITY_VARIABLE, KEY_FILE_VARIABLE, PASSPHRASE_FILE_VARIABLE,
            PASSPHRASE_COMMAND_VARIABLE, PASSPHRASE_VARIABLE);

    /** How the CLI names its unlock options, for {@link #noSourceMessage}. */
    public static final String CLI_OPTIONS = "--identity FILE, --key-file FILE, --passphrase-file FILE, --passphrase-command CMD";
    /** How the agent names its unlock options, for {@link #noSourceMessage}. */
    public static final String AGENT_OPTIONS = "the agent option identity=FILE, keyfile=FILE, passphrase-file=FILE or "
            + "passphrase-command=CMD";

    /** The command that starts an unlock session, named by the locked message. */
    public static final String SESSION_COMMAND = "keystash unlock";

    private static final int MAX_PASSPHRASE_FILE_BYTES = 4096;

    private UnlockSources() {
    }

    /** The first source present, or empty when none is. */
    public static Optional<Credential> resolve(UnlockRequest request) throws VaultException {
        Path identity = request.identityFile() != null ? request.identityFile() : pathFrom(request, IDENTITY_VARIABLE);
        if (identity != null) {
            return Optional.of(IdentityKey.read(identity));
        }
        Path keyFile = request.keyFile() != null ? request.keyFile() : pathFrom(request, KEY_FILE_VARIABLE);
        if (keyFile != null) {
            return Optional.of(KeyFileKey.read(keyFile));
        }
        if (request.passphraseFile() != null && request.passphraseCommand() != null) {
            throw new VaultException(Failure.INVALID_INPUT,
                    "give a passphrase file or a passphrase command, not both (they are two ways to the same passphrase)");
        }
        if (request.passphraseFile() != null) {
            return Optional.of(readPassphraseFile(request.passphraseFile()));
        }
        if (request.passphraseCommand() != null) {
            return Optional.of(PassphraseCommand.run(request.passphraseCommand(), request.environment()));
        }
        Path passphraseFile = pathFrom(request, PASSPHRASE_FILE_VARIABLE);
        if (passphraseFile != null) {
            return Optional.of(readPassphraseFile(passphraseFile));
        }
        String command = request.environment().get(PASSPHRASE_COMMAND_VARIABLE);
        if (command != null && !command.isBlank()) {
            return Optional.of(PassphraseCommand.run(command, request.environment()));
        }
        if (request.sessionVault() != null) {
            SessionCredential session = SessionCredential.connect(SessionPlace.of(request.sessionVault(), request.environment()));
            if (session != null) {
                return Optional.of(session);
            }
        }
        String passphrase = request.environment().get(PASSPHRASE_VARIABLE);
        if (passphrase != null && !passphrase.isEmpty()) {
            byte[] bytes = variableBytes(PASSPHRASE_VARIABLE, passphrase);
            if (bytes == null) {
                throw Passphrase.notUtf8(PASSPHRASE_VARIABLE);
            }
            try {
                return Optional.of(Passphrase.fromUtf8(bytes, PASSPHRASE_VARIABLE));
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        return Optional.empty();
    }

    /**
     * The first source present, else the passphrase typed at {@code prompt} (null: no prompt), the
     * last source. The vault file must exist before anyone is asked (nobody types a passphrase for
     * nothing): NOT_FOUND otherwise. Empty when no source is present and nobody could be asked.
     */
    public static Optional<Credential> resolve(UnlockRequest request, Path vaultFile, PassphrasePrompt prompt)
            throws VaultException {
        Optional<Credential> given = resolve(request);
        if (given.isPresent() || prompt == null) {
            return given;
        }
        if (!Files.exists(vaultFile)) {
            throw new VaultException(Failure.NOT_FOUND, VaultPaths.noVaultMessage(vaultFile));
        }
        return Optional.ofNullable(prompt.ask(vaultFile));
    }

    /**
     * As {@link #resolve(UnlockRequest)}, but no source at all is the LOCKED failure naming every
     * source, the options as the caller spells them ({@link #CLI_OPTIONS}, {@link #AGENT_OPTIONS}).
     */
    public static Credential require(UnlockRequest request, String options, String promptHint) throws VaultException {
        Optional<Credential> credential = resolve(request);
        if (credential.isEmpty()) {
            throw new VaultException(Failure.LOCKED, noSourceMessage(options, promptHint));
        }
        return credential.get();
    }

    /**
     * As {@link #resolve(UnlockRequest, Path, PassphrasePrompt)}, but nothing at all is the LOCKED
     * failure naming every source, and how to be asked when {@code prompt} found nobody to ask.
     */
    public static Credential require(UnlockRequest request, Path vaultFile, PassphrasePrompt prompt, String options,
                                     String promptHint) throws VaultException {
        Optional<Credential> credential = resolve(request, vaultFile, prompt);
        if (credential.isEmpty()) {
            throw new VaultException(Failure.LOCKED, noSourceMessage(options, prompt == null ? promptHint : prompt.howToBeAsked()));
        }
        return credential.get();
    }

    /**
     * The message for "nothing to unlock with", naming every source: {@code options} as the caller
     * spells them (a user of the agent cannot pass {@code --key-file}), the variables, how to be
     * asked ({@code promptHint}, may be null), and last the command that unlocks for a while.
     */
    public static String noSourceMessage(String options, String promptHint) {
        String variables = IDENTITY_VARIABLE + ", " + KEY_FILE_VARIABLE + ", " + PASSPHRASE_FILE_VARIABLE + ", "
                + PASSPHRASE_COMMAND_VARIABLE + " or " + PASSPHRASE_VARIABLE;
        boolean hint = promptHint != null && !promptHint.isEmpty();
        return "vault is locked: give " + options + (hint ? ", set " + variables + ", " + promptHint : ", or set " + variables)
                + "; or unlock it for a while with: " + SESSION_COMMAND;
    }

    /** Reads a passphrase file as UTF-8; one trailing newline (LF or CRLF) is not part of it. */
    public static Passphrase readPassphraseFile(Path file) throws VaultException {
        byte[] content;
        try {
            content = BoundedFileRead.read(file, MAX_PASSPHRASE_FILE_BYTES);
        } catch (BoundedFileRead.TooLargeException e) {
            throw new VaultException(Failure.INVALID_INPUT,
                    "passphrase file " + file + " is larger than " + MAX_PASSPHRASE_FILE_BYTES + " bytes");
        } catch (NoSuchFileException e) {
            throw new VaultException(Failure.NOT_FOUND, "passphrase file " + file + " does not exist");
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot read passphrase file " + file + ": " + e.getMessage());
        }
        try {
            int length = content.length;
            if (length > 0 && content[length - 1] == '\n') {
                length--;
                if (length > 0 && content[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw new VaultException(Failure.INVALID_INPUT, "passphrase file " + file + " is empty");
            }
            byte[] passphrase = Arrays.copyOf(content, length);
            try {
                return Passphrase.fromUtf8(passphrase, "passphrase file " + file);
            } finally {
                Arrays.fill(passphrase, (byte) 0);
            }
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * The bytes the process was given for variable {@code name}, whose value the JDK decoded to
     * {@code decoded} with the locale's charset ({@code sun.jnu.encoding}): under {@code LC_ALL=C}
     * that is ASCII, and every other byte became U+FFFD. Pure ASCII is the same bytes in every
     * locale; otherwise the bytes are read from {@code /proc/self/environ} (Linux), provided they
     * decode to {@code decoded}, so the value really is this process's variable. Without them
     * (another system, or an environment given by a caller) a value with U+FFFD cannot be told
     * from invalid bytes (null: refused), and any other value is taken as the characters it is.
     */
    static byte[] variableBytes(String name, String decoded) {
        boolean ascii = true;
        for (int i = 0; i < decoded.length() && ascii; i++) {
            ascii = decoded.charAt(i) < 0x80;
        }
        if (ascii) {
            return decoded.getBytes(StandardCharsets.US_ASCII);
        }
        byte[] raw = fromProcEnviron(name);
        if (raw != null) {
            String jnu = System.getProperty("sun.jnu.encoding");
            try {
                java.nio.charset.Charset charset = jnu == null ? java.nio.charset.Charset.defaultCharset()
                        : java.nio.charset.Charset.forName(jnu);
                if (new String(raw, charset).equals(decoded)) {
                    return raw;
                }
            } catch (IllegalArgumentException unknownCharset) {
                // fall through
            }
            Arrays.fill(raw, (byte) 0);
        }
        return decoded.indexOf('\uFFFD') >= 0 ? null : decoded.getBytes(StandardCharsets.UTF_8);
    }

    /** The value bytes of {@code name} in {@code /proc/self/environ}, or null. */
    private static byte[] fromProcEnviron(String name) {
        Path environ = Path.of("/proc/self/environ");
        byte[] all;
        try {
            all = BoundedFileRead.read(environ, 8 * 1024 * 1024);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try {
            byte[] prefix = (name + "=").getBytes(StandardCharsets.US_ASCII);
            int start = 0;
            while (start < all.length) {
                int end = start;
                while (end < all.length && all[end] != 0) {
                    end++;
                }
                if (end - start >= prefix.length
                        && Arrays.equals(all, start, start + prefix.length, prefix, 0, prefix.length)) {
                    return Arrays.copyOfRange(all, start + prefix.length, end);
                }
                start = end + 1;
            }
            return null;
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }

    private static Path pathFrom(UnlockRequest request, String variable) {
        String value = request.environment().get(variable);
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
