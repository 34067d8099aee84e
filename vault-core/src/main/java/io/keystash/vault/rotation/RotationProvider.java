package io.keystash.vault.rotation;

import io.keystash.vault.Secret;
import io.keystash.vault.model.KeyEntry;

/**
 * Makes a new value for a key, for {@code keystash rotate --due}. Implementations are found with
 * {@link java.util.ServiceLoader}: put a jar with
 * {@code META-INF/services/io.keystash.vault.rotation.RotationProvider} on the CLI's class path
 * (for example through the {@code KEYSTASH_CLASSPATH} variable the launcher honours). The built-in
 * {@code command} provider runs the key's {@code --rotate-command}.
 *
 * <p>A provider is given the key's metadata, never its current value.
 */
public interface RotationProvider {
    /** A short id shown in reports, e.g. {@code command}. */
    String id();

    /** True when this provider can make a new value for {@code key}. */
    boolean handles(KeyEntry key);

    /**
     * A new value for {@code key}; the caller owns and closes it. Failures are reported as a
     * {@link RotationFailure} whose message names the key but holds no value.
     */
    Secret newValue(KeyEntry key) throws RotationFailure;
}
