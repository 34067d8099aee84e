package io.keystash.cli.rotation;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.rotation.RotationProviders;
import io.keystash.vault.rotation.Rotator;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The rotator for this command line's vault: the built-in {@code command} provider plus the
 * providers in the jars named by {@code KEYSTASH_CLASSPATH}. Days are UTC days, as in vault-core,
 * so that "due" means the same to every command and every machine.
 */
final class RotatorSetup {
    static final Clock CLOCK = Clock.systemUTC();

    private RotatorSetup() {
    }

    static Rotator rotator(Keystash root) throws VaultException {
        ClassLoader loader = RotationProviders.loader(
                root.context().environment().get(RotationProviders.CLASS_PATH_VARIABLE), Keystash.class.getClassLoader());
        return new Rotator(root.vaultAccess().store(), CLOCK, RotationProviders.discover(loader));
    }

    /** A rotator that needs no provider (rollback): a broken KEYSTASH_CLASSPATH cannot stop it. */
    static Rotator withoutProviders(Keystash root) {
        return new Rotator(root.vaultAccess().store(), CLOCK, java.util.List.of());
    }

    static LocalDate today() {
        return LocalDate.now(CLOCK.withZone(ZoneOffset.UTC));
    }
}
