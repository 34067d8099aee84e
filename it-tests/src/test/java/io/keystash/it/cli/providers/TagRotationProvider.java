package io.keystash.it.cli.providers;

import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.rotation.RotationFailure;
import io.keystash.vault.rotation.RotationProvider;

import java.nio.charset.StandardCharsets;

/**
 * A rotation provider as a user would write one, packed into a jar with a
 * {@code META-INF/services} entry by {@code RotationIT} and given to the real CLI through
 * {@code KEYSTASH_CLASSPATH}: it rotates keys tagged {@code rotate:it-example}.
 */
public final class TagRotationProvider implements RotationProvider {
    @Override
    public String id() {
        return "it-example";
    }

    @Override
    public boolean handles(KeyEntry key) {
        return key.metadata().tags().contains("rotate:it-example");
    }

    @Override
    public Secret newValue(KeyEntry key) throws RotationFailure {
        String value = "it-example-" + key.name() + "-" + (key.current().number() + 1);
        try {
            return Secret.ofUtf8(value.getBytes(StandardCharsets.UTF_8));
        } catch (VaultException e) {
            throw new RotationFailure("cannot make a value for " + key.name());
        }
    }
}
