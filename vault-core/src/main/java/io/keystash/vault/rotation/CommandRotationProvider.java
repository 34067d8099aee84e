package io.keystash.vault.rotation;

import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Names;

import java.util.Arrays;
import java.util.Map;

/**
 * The built-in rotation provider: runs the key's {@code --rotate-command}, whose standard output
 * (one trailing newline stripped) is the new value. The command gets the key's name in
 * {@code KEYSTASH_KEY}, never the old value.
 */
final class CommandRotationProvider implements RotationProvider {
    public static final String KEY_VARIABLE = "KEYSTASH_KEY";

    @Override
    public String id() {
        return "command";
    }

    @Override
    public boolean handles(KeyEntry key) {
        return key.metadata().rotateCommand() != null && !key.metadata().rotateCommand().isBlank();
    }

    @Override
    public Secret newValue(KeyEntry key) throws RotationFailure {
        ShellCommand.Result result = ShellCommand.run(key.metadata().rotateCommand(),
                Map.of(KEY_VARIABLE, key.name()), null);
        String who = "rotate command of " + Names.quote(key.name());
        byte[] out = result.stdout();
        try {
            if (result.timedOut()) {
                throw new RotationFailure(who + " did not finish within " + ShellCommand.TIMEOUT.toSeconds() + " s");
            }
            if (result.exitStatus() != 0) {
                throw new RotationFailure(who + " exited with status " + result.exitStatus());
            }
            if (result.tooLong()) {
                throw new RotationFailure(who + " printed more than 64 KiB");
            }
            int length = out.length;
            if (length > 0 && out[length - 1] == '\n') {
                length--;
                if (length > 0 && out[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw new RotationFailure(who + " printed nothing");
            }
            try {
                return Secret.ofUtf8(Arrays.copyOf(out, length));
            } catch (VaultException e) {
                throw new RotationFailure(who + " printed an unusable value: " + e.getMessage());
            }
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    /** Runs {@code command} with the new value on stdin; a non-zero exit is a failure. */
    static void validate(KeyEntry key, Secret value) throws RotationFailure {
        byte[] bytes = value.revealUtf8();
        try {
            ShellCommand.Result result = ShellCommand.run(key.metadata().validateCommand(),
                    Map.of(KEY_VARIABLE, key.name()), bytes);
            if (result.timedOut()) {
                throw new RotationFailure("validate command of " + Names.quote(key.name()) + " did not finish");
            }
            if (result.exitStatus() != 0) {
                throw new RotationFailure("validate command of " + Names.quote(key.name())
                        + " rejected the new value (status " + result.exitStatus() + ")");
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
