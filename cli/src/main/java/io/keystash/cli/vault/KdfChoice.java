package io.keystash.cli.vault;

import io.keystash.vault.crypto.KdfParams;
import io.keystash.vault.crypto.Pbkdf2Params;

/** {@code --kdf argon2id|pbkdf2}: the passphrase KDF at its recommended strength. */
public enum KdfChoice {
    argon2id,
    pbkdf2;

    public KdfParams params() {
        return this == pbkdf2 ? Pbkdf2Params.RECOMMENDED : KdfParams.defaultParams();
    }
}
