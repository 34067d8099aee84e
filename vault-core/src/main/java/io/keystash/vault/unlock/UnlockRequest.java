package io.keystash.vault.unlock;

import io.keystash.vault.storage.VaultPaths;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a caller was told about how to unlock: the explicit options (each may be null), the vault
 * whose unlock session may be asked, and the process environment, which supplies the fallbacks.
 *
 * @param identityFile      {@code --identity} / agent {@code identity=}, or null
 * @param keyFile           {@code --key-file} / agent {@code keyfile=}, or null
 * @param passphraseFile    {@code --passphrase-file} / agent {@code passphrase-file=}, or null
 * @param passphraseCommand {@code --passphrase-command} / agent {@code passphrase-command=}, or null
 * @param sessionVault      the vault whose running unlock session is asked when no earlier source is
 *                          present; null never asks one (agent {@code session=off}, or a request that
 *                          is not about a vault file)
 * @param environment       the environment to read {@code KEYSTASH_IDENTITY}, {@code KEYSTASH_KEY_FILE},
 *                          {@code API_KEY_MASTER_FILE}, {@code KEYSTASH_PASSPHRASE_COMMAND},
 *                          {@code API_KEY_MASTER} and the session's folder from
 */
public record UnlockRequest(Path identityFile, Path keyFile, Path passphraseFile, String passphraseCommand,
                            VaultPaths sessionVault, Map<String, String> environment) {
    public UnlockRequest {
        environment = Map.copyOf(environment);
    }

    /** A request without a passphrase command or a session. */
    public UnlockRequest(Path identityFile, Path keyFile, Path passphraseFile, Map<String, String> environment) {
        this(identityFile, keyFile, passphraseFile, null, null, environment);
    }

    /** A request without an explicit identity, a passphrase command or a session. */
    public UnlockRequest(Path keyFile, Path passphraseFile, Map<String, String> environment) {
        this(null, keyFile, passphraseFile, null, null, environment);
    }

    /** The same request, asking no unlock session ({@code keystash unlock} itself, which starts one). */
    public UnlockRequest withoutSession() {
        return new UnlockRequest(identityFile, keyFile, passphraseFile, passphraseCommand, null, environment);
    }

    @Override
    public String toString() {
        return "UnlockRequest[identityFile=" + identityFile + ", keyFile=" + keyFile + ", passphraseFile=" + passphraseFile
                + ", passphraseCommand=" + (passphraseCommand == null ? "none" : "given")
                + ", session=" + (sessionVault == null ? "off" : sessionVault) + "]";
    }
}
