package io.keystash.cli.transfer;

import io.keystash.cli.CliContext;
import io.keystash.cli.terminal.UnlockPrompt;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.transfer.ExportDocument;
import io.keystash.vault.transfer.SealedSecrets;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.unlock.Passphrase;
import io.keystash.vault.unlock.UnlockSources;

import java.nio.file.Path;

/**
 * Opens an export's sealed values. The credential, first that applies: {@code --from-key-file},
 * {@code --from-passphrase-file}, else the target vault's own credential (right when the export
 * came from this vault, or from one sharing its passphrase or key file), and when that does not
 * open it, a hidden prompt on a terminal.
 */
final class SealedPartCredential {
    private final CliContext context;
    private final Path fromKeyFile;
    private final Path fromPassphraseFile;

    SealedPartCredential(CliContext context, Path fromKeyFile, Path fromPassphraseFile) {
        this.context = context;
        this.fromKeyFile = fromKeyFile;
        this.fromPassphraseFile = fromPassphraseFile;
    }

    /** The document with its values; the caller closes it. */
    ExportDocument unseal(ExportDocument document, Path file, Credential vaultCredential) throws VaultException {
        if (fromKeyFile != null || fromPassphraseFile != null) {
            try (Credential given = fromKeyFile != null ? KeyFileKey.read(fromKeyFile)
                    : UnlockSources.readPassphraseFile(fromPassphraseFile)) {
                return unsealOrExplain(document, file, given);
            }
        }
        try {
            return SealedSecrets.unseal(document, vaultCredential, file);
        } catch (VaultException e) {
            if (e.failure() != Failure.WRONG_KEY || !context.terminal().canPrompt()) {
                throw e.failure() == Failure.WRONG_KEY ? wrongKey(file, "this vault's own passphrase or key") : e;
            }
        }
        try (Passphrase passphrase = UnlockPrompt.ask(context.terminal(), "Passphrase for the secrets in " + file + ": ",
                "the secrets in " + file + " stay locked: no passphrase was typed")) {
            return unsealOrExplain(document, file, passphrase);
        }
    }

    private static ExportDocument unsealOrExplain(ExportDocument document, Path file, Credential credential)
            throws VaultException {
        try {
            return SealedSecrets.unseal(document, credential, file);
        } catch (VaultException e) {
            throw e.failure() == Failure.WRONG_KEY ? wrongKey(file, credential.origin()) : e;
        }
    }

    private static VaultException wrongKey(Path file, String tried) {
        return new VaultException(Failure.WRONG_KEY, "wrong passphrase or key for the secrets in " + file + " (tried "
                + tried + "); give the source vault's --from-key-file FILE or --from-passphrase-file FILE");
    }
}
