package io.keystash.vault.transfer;

import io.keystash.vault.Secret;
import io.keystash.vault.model.KeyEntry;

import java.util.Map;
import java.util.TreeMap;

/**
 * A key as an export carries it: name, metadata and versions, and the versions' values when the
 * export has them. Closing wipes the values.
 *
 * @param entry  the key without values
 * @param values version number → value, or null when the export carries no values
 */
public record ExportedKey(KeyEntry entry, Map<Integer, Secret> values) implements AutoCloseable {
    public ExportedKey {
        values = values == null ? null : new TreeMap<>(values);
    }

    /** True when the export carries this key's values. */
    public boolean hasValues() {
        return values != null;
    }

    /** Copies of the values, for handing to the vault while this key stays usable. */
    public Map<Integer, Secret> copyOfValues() {
        Map<Integer, Secret> copies = new TreeMap<>();
        values.forEach((number, value) -> copies.put(number, value.copy()));
        return copies;
    }

    /** The current version's value, or null when there are no values. */
    public Secret currentValue() {
        return values == null ? null : values.get(entry.current().number());
    }

    @Override
    public void close() {
        if (values != null) {
            values.values().forEach(Secret::close);
        }
    }

    @Override
    public String toString() {
        return "ExportedKey[" + entry.name() + (values == null ? "" : ", " + values.size() + " values") + "]";
    }
}
