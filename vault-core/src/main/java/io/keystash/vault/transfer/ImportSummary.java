package io.keystash.vault.transfer;

import java.util.List;

/**
 * What an import did, for the command's report and the audit entry (counts only).
 *
 * @param keysAdded         keys that did not exist and were created with their history
 * @param keysReplaced      existing keys that got the file's metadata and/or value ({@code --force})
 * @param keysUnchanged     existing keys the file describes exactly as they are
 * @param profilesCreated   profiles that did not exist
 * @param profilesChanged   existing profiles whose bindings changed
 * @param profilesUnchanged existing profiles already as the file says
 * @param unapproved        keys the import added or replaced whose commands, endpoint or settings
 *                          are not approved on this machine (they are not run or served until
 *                          {@code keystash trust KEY}), by name
 */
public record ImportSummary(int keysAdded, int keysReplaced, int keysUnchanged,
                            int profilesCreated, int profilesChanged, int profilesUnchanged, List<String> unapproved) {
    public ImportSummary {
        unapproved = List.copyOf(unapproved);
    }

    /** A summary with no unapproved key. */
    public ImportSummary(int keysAdded, int keysReplaced, int keysUnchanged,
                         int profilesCreated, int profilesChanged, int profilesUnchanged) {
        this(keysAdded, keysReplaced, keysUnchanged, profilesCreated, profilesChanged, profilesUnchanged, List.of());
    }

    /** e.g. {@code 3 keys added, 1 replaced; 1 profile created}. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(keysAdded).append(keysAdded == 1 ? " key" : " keys").append(" added");
        if (keysReplaced > 0) {
            out.append(", ").append(keysReplaced).append(" replaced");
        }
        if (keysUnchanged > 0) {
            out.append(", ").append(keysUnchanged).append(" unchanged");
        }
        out.append("; ").append(profilesCreated).append(profilesCreated == 1 ? " profile" : " profiles").append(" created");
        if (profilesChanged > 0) {
            out.append(", ").append(profilesChanged).append(" changed");
        }
        if (profilesUnchanged > 0) {
            out.append(", ").append(profilesUnchanged).append(" unchanged");
        }
        return out.toString();
    }
}
