package io.keystash.cli.members;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.terminal.Terminal;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.model.Names;
import io.keystash.vault.rotation.Backups;
import io.keystash.vault.unlock.Credential;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * Removing a member or a key file: the question on a terminal, the rekeying update, and what the
 * person must know afterwards — which keys the removed member could read, and that backups taken
 * before still open with it.
 */
public final class MemberRemoval {
    private final Keystash root;
    private final SlotKind kind;

    /** {@code kind} narrows the names looked up ({@code keyfile remove}), or null for any member. */
    public MemberRemoval(Keystash root, SlotKind kind) {
        this.root = root;
        this.kind = kind;
    }

    public int remove(String name, boolean yes, boolean purgeBackups) throws VaultException {
        Names.requireMemberName(name);
        String what = kind == null ? "member" : kind.label();
        Terminal terminal = root.context().terminal();
        VaultAccess access = root.vaultAccess();
        AuditEvent event = AuditEvent.of(kind == SlotKind.KEY_FILE ? "keyfile.remove" : "member.remove");
        VaultStore.Change<Map<String, Integer>> removal = vault -> {
            Map<String, Integer> keys = vault.removeMember(name, kind);
            event.detail(what + " " + name + " removed; it could read " + keys.size() + " keys: " + firstNames(keys, 50));
            return keys;
        };
        Map<String, Integer> exposed;
        if (!yes && terminal.stdinIsTerminal() && terminal.canPrompt()) {
            // Unlock and try the removal in memory before asking, so a "yes" is never followed by a refusal.
            try (Credential credential = access.provenCredential(vault -> vault.removeMember(name, kind))) {
                String answer = terminal.readLine("Remove " + what + " " + Names.quote(name) + " and rekey the vault? [y/N] ");
                if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
                    root.context().err().println("Nothing removed.");
                    return 0;
                }
                exposed = access.store().update(credential, event, removal);
            }
        } else {
            exposed = access.update(event, removal);
        }
        PrintStream err = root.context().err();
        err.println("Removed " + what + " " + Names.quote(name) + " and rekeyed the vault: it opens nothing written from now on.");
        if (!exposed.isEmpty()) {
            err.println(Names.quote(name) + " could read " + exposed.size() + (exposed.size() == 1 ? " key" : " keys")
                    + "; rotate " + (exposed.size() == 1 ? "it" : "them") + " at the provider (keystash report lists them until then): "
                    + String.join(", ", exposed.keySet()));
        }
        backupsNotice(root, access, purgeBackups, "the removed " + what);
        return 0;
    }

    /** Up to {@code limit} key names, comma-separated, and how many more. */
    private static String firstNames(Map<String, Integer> keys, int limit) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (String key : keys.keySet()) {
            if (shown == limit) {
                return out.append(" and ").append(keys.size() - limit).append(" more").toString();
            }
            out.append(shown++ == 0 ? "" : ", ").append(key);
        }
        return out.toString();
    }

    /** After a rekey: backups from before still open with the old credential; deletes them when asked. */
    static void backupsNotice(Keystash root, VaultAccess access, boolean purge, String oldCredential) throws VaultException {
        Backups backups = new Backups(access.paths(), Clock.systemUTC());
        int count = backups.list().size();
        if (count == 0) {
            return;
        }
        if (purge) {
            int deleted = backups.purge();
            root.context().err().println("Deleted " + deleted + " backups taken before the rekey (copies elsewhere still open with "
                    + oldCredential + ").");
        } else {
            root.context().err().println(count + " backups in " + access.paths().backups() + " were taken before the rekey and still open with "
                    + oldCredential + "; delete them with --purge-backups once nothing needs restoring from them.");
        }
    }

    /** As {@link #backupsNotice} for other commands that rekey. */
    public static void afterRekey(Keystash root, boolean purge, String oldCredential) throws VaultException {
        backupsNotice(root, root.vaultAccess(), purge, oldCredential);
    }
}
