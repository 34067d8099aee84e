package io.keystash.vault.unlock;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a caller was told about how to unlock: the explicit options (either may be null) and the
 * process environment, which supplies the fallbacks.
 *
 * @param identityFile   {@code --identity} / agent {@code identity=}, or null
 * @param keyFile        {@code --key-file} / agent {@code keyfile=}, or null
 * @param passphraseFile {@code --passphrase-file} / agent {@code passphrase-file=}, or null
 * @param environment    the environment to read {@code KEYSTASH_IDENTITY}, {@code KEYSTASH_KEY_FILE},
 *                       {@code API_KEY_MASTER_FILE} and {@code API_KEY_MASTER} from
 */
public record UnlockRequest(Path identityFile, Path keyFile, Path passphraseFile, Map<String, String> environment) {
    public UnlockRequest {
        environment = Map.copyOf(environment);
    }

    /** A request without an explicit identity. */
    public UnlockRequest(Path keyFile, Path passphraseFile, Map<String, String> environment) {
        this(null, keyFile, passphraseFile, environment);
    }

    @Override
    public String toString() {
        return "UnlockRequest[identityFile=" + identityFile + ", keyFile=" + keyFile + ", passphraseFile=" + passphraseFile + "]";
    }
}
