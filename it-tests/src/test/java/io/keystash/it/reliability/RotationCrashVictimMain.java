package io.keystash.it.reliability;

import io.keystash.vault.VaultStore;
import io.keystash.vault.rotation.Rotator;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The process the rotation-and-import crash test kills: from write number {@code FIRST} on,
 * applies {@link RotationImportOps} (a rotation with its backup, or an import of many keys in one
 * write) and prints {@code committed N} (flushed) after each returned. Prints {@code ready} once
 * before the first write, after a first read. Runs until killed.
 *
 * <p>Arguments: VAULT KEY_FILE FIRST.
 */
public final class RotationCrashVictimMain {
    private RotationCrashVictimMain() {
    }

    public static void main(String[] args) throws Exception {
        VaultStore store = VaultStore.at(VaultPaths.of(Path.of(args[0])));
        Rotator rotator = new Rotator(store, Clock.systemUTC(), List.of());
        int op = Integer.parseInt(args[2]);
        try (KeyFileKey key = KeyFileKey.read(Path.of(args[1]))) {
            store.open(key).close(); // loads the classes a write needs, so kills land among writes
            System.out.println("ready");
            System.out.flush();
            while (true) {
                RotationImportOps.apply(store, rotator, key, op);
                System.out.println("committed " + op);
                System.out.flush();
                op++;
            }
        }
    }
}
