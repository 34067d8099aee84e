package io.keystash.cli.vault;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.terminal.SecretInput;
import io.keystash.cli.terminal.Terminal;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import io.keystash.vault.unlock.PassphrasePrompt;
import io.keystash.vault.unlock.UnlockRequest;
import io.keystash.vault.unlock.UnlockSources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A vault about to be made: the credentials its first key slots are for, and how it is written
 * and announced ("Created vault PATH (unlock with: …)" on standard error). Shared by
 * {@code init} and by the first {@code store} or {@code setup} on a machine without a vault, so a
 * vault is made, and said to be made, the same way whichever command made it. Closing it wipes
 * the credentials.
 */
public final class NewVault implements AutoCloseable {
    private static final String INIT_NO_PASSPHRASE = "no passphrase for the new vault: give --passphrase-file FILE,"
            + " set API_KEY_MASTER_FILE or API_KEY_MASTER, pipe it into standard input, or use --key-file FILE";
    private static final String TYPED = PassphrasePrompt.TYPED;

    private final Keystash root;
    private final VaultStore store;
    private final List<Credential> credentials;
    private final KdfParams kdf;
    private final Path newKeyFile;
    private final boolean showKdf;

    private NewVault(Keystash root, List<Credential> credentials, KdfParams kdf, Path newKeyFile, boolean showKdf) {
        this.root = root;
        this.store = root.vaultAccess().store();
        this.credentials = credentials;
        this.kdf = kdf;
        this.newKeyFile = newKeyFile;
        this.showKdf = showKdf;
    }

    /**
     * For {@code init}: with {@code --key-file FILE}, a new random key to be written to FILE, plus
     * a passphrase when one is given by file or variable; without it, the passphrase from a file,
     * a variable, standard input, or the terminal (asked twice).
     */
    public static NewVault forInit(Keystash root, KdfParams kdf) throws VaultException {
        requireTrustedFolder(root);
        Path newKeyFile = root.keyFileOption();
        if (newKeyFile != null) {
            KeyFileNames.requireNew(newKeyFile, "keystash init --key-file"); // before a passphrase is asked for it
        }
        List<Credential> credentials = new ArrayList<>();
        try {
            if (newKeyFile != null) {
                credentials.add(KeyFileKey.generate());
            }
            Passphrase passphrase = initPassphrase(root, newKeyFile != null);
            if (passphrase != null) {
                credentials.add(passphrase);
            }
        } catch (VaultException | RuntimeException e) {
            credentials.forEach(Credential::close);
            throw e;
        }
        return new NewVault(root, credentials, kdf, newKeyFile, true);
    }

    /**
     * For the first {@code store} or {@code setup}: the unlock source at hand, found as every other
     * command finds it (key file, passphrase file, {@code API_KEY_MASTER}), else a new passphrase
     * asked twice on the terminal. A key file that does not exist is refused (LOCKED): making one
     * is {@code init --key-file}'s job, which says where the new key went.
     */
    public static NewVault fromSourceAtHand(Keystash root) throws VaultException {
        requireTrustedFolder(root);
        VaultAccess access = root.vaultAccess();
        Path vaultFile = access.paths().vaultFile();
        UnlockRequest request = access.unlockRequest().withoutSession(); // no vault yet, so no session for it
        Path keyFile = keyFileOf(request);
        if (keyFile != null && !Files.exists(keyFile)) {
            throw new VaultException(Failure.LOCKED, "no vault at " + vaultFile + ", and key file " + keyFile
                    + " does not exist; create both with: keystash init --key-file " + keyFile);
        }
        Optional<Credential> given = UnlockSources.resolve(request);
        if (given.isPresent()) {
            return new NewVault(root, new ArrayList<>(List.of(given.get())), KdfParams.defaultParams(), null, false);
        }
        Terminal terminal = root.context().terminal();
        if (!terminal.canPrompt()) {
            throw new VaultException(Failure.LOCKED, "no vault at " + vaultFile + ", and no passphrase to create it with: "
                    + "set API_KEY_MASTER or API_KEY_MASTER_FILE, give --passphrase-file FILE, run on a terminal to be "
                    + "asked, or create it with: keystash init");
        }
        terminal.say("No vault at " + vaultFile + " yet: choose a passphrase for a new one.");
        Passphrase typed = new SecretInput(root.context().in(), terminal).askNewPassphrase("vault passphrase");
        return new NewVault(root, new ArrayList<>(List.of(typed)), KdfParams.defaultParams(), null, false);
    }

    /** A folder others may write to is refused before anyone types a passphrase for a vault in it. */
    private static void requireTrustedFolder(Keystash root) throws VaultException {
        VaultPaths paths = root.vaultAccess().paths();
        if (Files.exists(paths.folder())) {
            paths.requireTrusted();
        }
    }

    /** The credential that opens the vault once made (a key file first: it needs no KDF run). */
    public Credential opener() {
        return credentials.get(0);
    }

    public VaultStore store() {
        return store;
    }

    /**
     * Writes the new key file if there is one, creates the vault, and says so on standard error.
     * A vault that cannot be made leaves no key file behind.
     */
    public void create() throws VaultException {
        if (newKeyFile != null) {
            ((KeyFileKey) opener()).writeNew(newKeyFile);
        }
        try {
            store.create(credentials, kdf);
        } catch (VaultException | RuntimeException e) {
            if (newKeyFile != null) {
                try {
                    Files.deleteIfExists(newKeyFile); // the key of a vault that was not made
                } catch (IOException ignored) {
                    // the original failure matters more
                }
            }
            throw e;
        }
        List<String> ways = new ArrayList<>();
        for (Credential credential : credentials) {
            ways.add(describe(credential));
        }
        root.context().err().println("Created vault " + store.paths().vaultFile() + " (unlock with: "
                + String.join(" or ", ways) + ").");
    }

    /**
     * Creates the vault, then applies {@code change} to it (recording {@code event}). When another
     * process made the vault in between, the change goes to that one, with the same credential.
     */
    public <T> T createThenUpdate(AuditEvent event, VaultStore.Change<T> change) throws VaultException {
        try {
            create();
            event.detail("created the vault");
        } catch (VaultException e) {
            if (e.failure() != Failure.ALREADY_EXISTS) {
                throw e;
            }
        }
        return store.update(opener(), event, change);
    }

    private String describe(Credential credential) {
        if (credential instanceof KeyFileKey) {
            return newKeyFile != null ? "key file " + newKeyFile.toAbsolutePath() : credential.origin();
        }
        String origin = credential.origin();
        String passphrase = origin.equals(TYPED) ? "the passphrase you typed"
                : origin.startsWith("passphrase file ") ? origin : "passphrase from " + origin;
        return showKdf ? passphrase + ", " + kdf.describe() : passphrase;
    }

    @Override
    public void close() {
        credentials.forEach(Credential::close);
    }

    private static Path keyFileOf(UnlockRequest request) {
        if (request.keyFile() != null) {
            return request.keyFile();
        }
        String fromEnv = request.environment().get(UnlockSources.KEY_FILE_VARIABLE);
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    /**
     * The passphrase from a file or variable (never KEYSTASH_KEY_FILE: that one names an existing
     * key), else, without a new key file, standard input or the terminal (asked twice).
     */
    private static Passphrase initPassphrase(Keystash root, boolean haveKeyFile) throws VaultException {
        Map<String, String> environment = new HashMap<>(root.context().environment());
        environment.remove(UnlockSources.KEY_FILE_VARIABLE);
        Optional<Credential> given = UnlockSources.resolve(
                new UnlockRequest(null, null, root.passphraseFileOption(), root.passphraseCommandOption(), null, environment));
        if (given.isPresent()) {
            return (Passphrase) given.get();
        }
        if (haveKeyFile) {
            return null;
        }
        Terminal terminal = root.context().terminal();
        if (terminal.stdinIsTerminal() && !terminal.canPrompt()) {
            throw new VaultException(Failure.LOCKED, INIT_NO_PASSPHRASE);
        }
        return new SecretInput(root.context().in(), terminal).newPassphrase("vault passphrase", INIT_NO_PASSPHRASE);
    }
}
