package io.keystash.cli.vault;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.terminal.SecretInput;
import io.keystash.cli.terminal.Terminal;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import io.keystash.vault.unlock.UnlockRequest;
import io.keystash.vault.unlock.UnlockSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code keystash init}: creates the vault. With {@code --key-file FILE} a new random key is
 * written to FILE as the first slot (and a passphrase slot is added when a passphrase is given by
 * file or variable); without it, the passphrase comes from a file, a variable, standard input, or
 * is asked twice on a terminal.
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create the vault.", "With --key-file FILE, a new random key is written to FILE (0600; refused if FILE "
                + "exists) for unattended unlocking; a passphrase slot is added too when a "
                + "passphrase is given by --passphrase-file, API_KEY_MASTER_FILE or API_KEY_MASTER. "
                + "Without --key-file the passphrase comes from those, from standard input, or is "
                + "asked twice on a terminal."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash init                                   # asks for a passphrase twice",
            "  keystash init --kdf pbkdf2",
            "  keystash init --key-file ~/.keystash/app.key     # no passphrase needed to unlock",
            "  printf %%s \"$PASS\" | keystash --vault ./team.ks init"})
public final class InitCommand implements Callable<Integer> {
    private static final String NO_PASSPHRASE = "no passphrase for the new vault: give --passphrase-file FILE,"
            + " set API_KEY_MASTER_FILE or API_KEY_MASTER, pipe it into standard input, or use --key-file FILE";

    private final Keystash root;

    @Option(names = "--kdf", paramLabel = "KDF", defaultValue = "argon2id",
            description = "Passphrase KDF: argon2id (default) or pbkdf2 (600,000 iterations).")
    KdfChoice kdf;

    public InitCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        VaultAccess access = root.vaultAccess();
        VaultStore store = access.store();
        if (store.exists()) {
            throw new VaultException(Failure.ALREADY_EXISTS, "a vault already exists at " + store.paths().vaultFile());
        }
        if (Files.exists(store.paths().folder())) {
            store.paths().requireTrusted(); // before anyone types a passphrase for it
        }
        Path newKeyFile = root.keyFileOption();
        List<Credential> credentials = new ArrayList<>();
        try {
            Passphrase passphrase = passphrase(newKeyFile != null);
            KeyFileKey key = null;
            if (newKeyFile != null) {
                key = KeyFileKey.generate();
                credentials.add(key);
                key.writeNew(newKeyFile);
            }
            if (passphrase != null) {
                credentials.add(passphrase);
            }
            create(store, credentials, newKeyFile);
            // Record the creation; a key file unlocks without a second KDF run.
            store.read(key != null ? key : passphrase, AuditEvent.of("init"), vault -> null);
            root.context().err().println("Created vault " + store.paths().vaultFile() + " (unlock with: "
                    + (key != null ? "key file " + newKeyFile.toAbsolutePath() : "")
                    + (key != null && passphrase != null ? " or " : "")
                    + (passphrase != null ? "passphrase, " + kdf.params().describe() : "") + ").");
        } finally {
            credentials.forEach(Credential::close);
        }
        return 0;
    }

    private void create(VaultStore store, List<Credential> credentials, Path newKeyFile) throws VaultException {
        try {
            store.create(credentials, kdf.params());
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
    }

    /**
     * The passphrase from a file or variable (never KEYSTASH_KEY_FILE: that one names an existing
     * key), else, without a new key file, standard input or the terminal (asked twice).
     */
    private Passphrase passphrase(boolean haveKeyFile) throws VaultException {
        Map<String, String> environment = new HashMap<>(root.context().environment());
        environment.remove(UnlockSources.KEY_FILE_VARIABLE);
        Optional<Credential> given = UnlockSources.resolve(
                new UnlockRequest(null, root.passphraseFileOption(), environment));
        if (given.isPresent()) {
            return (Passphrase) given.get();
        }
        if (haveKeyFile) {
            return null;
        }
        Terminal terminal = root.context().terminal();
        if (terminal.stdinIsTerminal() && !terminal.canPrompt()) {
            throw new VaultException(Failure.LOCKED, NO_PASSPHRASE);
        }
        return new SecretInput(root.context().in(), terminal).newPassphrase("vault passphrase", NO_PASSPHRASE);
    }
}
