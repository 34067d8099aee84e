package io.keystash.vault.rotation;

import io.keystash.vault.Secret;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyEntry;

import java.nio.charset.StandardCharsets;

/** A provider registered through a services file in a temp folder by {@link RotationProvidersTest}. */
public final class ExampleRotationProvider implements RotationProvider {
    @Override
    public String id() {
        return "example";
    }

    @Override
    public boolean handles(KeyEntry key) {
        return key.metadata().tags().contains("rotate:example");
    }

    @Override
    public Secret newValue(KeyEntry key) throws RotationFailure {
        try {
            return Secret.ofUtf8(("example-" + key.name()).getBytes(StandardCharsets.UTF_8));
        } catch (VaultException e) {
            throw new RotationFailure(e.getMessage());
        }
    }
}
