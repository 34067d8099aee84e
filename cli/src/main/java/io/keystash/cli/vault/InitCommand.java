package io.keystash.cli.vault;

import io.keystash.cli.Keystash;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.AuditEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code keystash init}: creates the vault. With {@code --key-file FILE} a new random key is
 * written to FILE as the first slot (and a passphrase slot is added when a passphrase is given by
 * file or variable); without it, the passphrase comes from a file, a variable, standard input, or
 * is asked twice on a terminal. (The first {@code store} on a machine without a vault makes one
 * the same way, through {@link NewVault}.)
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create the vault.", "With --key-file FILE, a new random key is written to FILE (0600; refused if FILE "
                + "exists) for unattended unlocking; a passphrase slot is added too when a "
                + "passphrase is given by --passphrase-file, API_KEY_MASTER_FILE or API_KEY_MASTER. "
                + "Without --key-file the passphrase comes from those, from standard input, or is "
                + "asked twice on a terminal.", "The first 'keystash store' on a machine without a vault "
                + "also creates one, with the passphrase or key file at hand."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash init                                   # asks for a passphrase twice",
            "  keystash init --kdf pbkdf2",
            "  keystash init --key-file ~/.keystash/app.key     # no passphrase needed to unlock",
            "  printf %%s \"$PASS\" | keystash --vault ./team.ks init"})
public final class InitCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = "--kdf", paramLabel = "KDF", defaultValue = "argon2id",
            description = "Passphrase KDF: argon2id (default) or pbkdf2 (600,000 iterations).")
    KdfChoice kdf;

    public InitCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        VaultStore store = root.vaultAccess().store();
        if (store.exists()) {
            throw new VaultException(Failure.ALREADY_EXISTS, "a vault already exists at " + store.paths().vaultFile()
                    + "; check it with: keystash doctor");
        }
        try (NewVault vault = NewVault.forInit(root, kdf.params())) {
            vault.create();
            // Record the creation; a key file unlocks without a second KDF run.
            store.read(vault.opener(), AuditEvent.of("init"), opened -> null);
        }
        return 0;
    }
}
