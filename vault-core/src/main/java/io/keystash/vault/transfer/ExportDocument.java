package io.keystash.vault.transfer;

import io.keystash.vault.model.Profile;

import java.time.Instant;
import java.util.List;

/**
 * An export file's content: what was exported, when, and how the values travel. Closing wipes the
 * values it holds.
 *
 * @param exported when the export was made
 * @param secrets  how values are carried
 * @param keys     the keys, sorted by name; with values only when {@code secrets} is PLAINTEXT
 * @param profiles the profiles, sorted by name
 * @param sealed   the sealed vault holding the values when {@code secrets} is SEALED, else null
 */
public record ExportDocument(Instant exported, SecretsMode secrets, List<ExportedKey> keys, List<Profile> profiles,
                             byte[] sealed) implements AutoCloseable {
    /** The major version written in the {@code keystash-export} field; others are refused. */
    public static final int VERSION = 1;

    public ExportDocument {
        keys = List.copyOf(keys);
        profiles = List.copyOf(profiles);
    }

    @Override
    public void close() {
        keys.forEach(ExportedKey::close);
    }

    @Override
    public String toString() {
        return "ExportDocument[" + keys.size() + " keys, " + profiles.size() + " profiles, secrets " + secrets.id() + "]";
    }
}
