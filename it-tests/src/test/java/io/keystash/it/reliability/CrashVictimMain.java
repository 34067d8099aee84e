package io.keystash.it.reliability;

import io.keystash.vault.VaultStore;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.KeyFileKey;

import java.nio.file.Path;

/**
 * The process the crash test kills: from write number {@code FIRST} on, applies {@link WriteOps}
 * one {@code VaultStore.update} at a time and prints {@code committed N} (flushed) after each
 * update returned. Prints {@code ready} once before the first write, after a first read. Runs until killed.
 *
 * <p>Arguments: VAULT KEY_FILE FIRST.
 */
public final class CrashVictimMain {
    private CrashVictimMain() {
    }

    public static void main(String[] args) throws Exception {
        VaultStore store = VaultStore.at(VaultPaths.of(Path.of(args[0])));
        int op = Integer.parseInt(args[2]);
        try (KeyFileKey key = KeyFileKey.read(Path.of(args[1]))) {
            store.open(key).close(); // loads the classes a write needs, so kills land among writes
            System.out.println("ready");
            System.out.flush();
            while (true) {
                int current = op;
                store.update(key, vault -> {
                    WriteOps.apply(vault, current);
                    return null;
                });
                System.out.println("committed " + current);
                System.out.flush();
                op++;
            }
        }
    }
}
