package io.keystash.cli.members;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.cli.terminal.Table;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.members.Member;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code keystash member list [--json]}: every way in. It saves, once, the names it gives to ways
 * in from before members had names, and upgrades the slot that unlocked it if that is an older one.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List every way into the vault: name, kind, fingerprint, added when and by whom.",
            "Ways in made by an older Keystash get a name here, kept from then on; the one that unlocked this "
                    + "command is upgraded so that a later rekey can carry it over."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash member list", "  keystash member list --json | jq -r '.[].name'"})
public final class MemberListCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    public MemberListCommand(Keystash root) {
        this.root = root;
    }

    private record Listing(List<Member> members, Member you) {
    }

    @Override
    public Integer call() throws VaultException {
        Listing listing = root.vaultAccess().update(AuditEvent.of("member.list"), vault -> {
            vault.settleMembers();
            return new Listing(vault.members(), vault.openedBy());
        });
        if (json) {
            ArrayNode array = JsonOutput.array();
            for (Member m : listing.members()) {
                array.addObject().put("name", m.name()).put("kind", m.kind().label()).put("fingerprint", m.fingerprint())
                        .put("added", m.added() == null ? null : m.added().toString()).put("addedBy", m.addedBy())
                        .put("you", isYou(m, listing.you())).put("needsUpgrade", m.needsUpgrade());
            }
            JsonOutput.print(root.context().out(), array);
            return 0;
        }
        Table table = new Table("NAME", "KIND", "FINGERPRINT", "ADDED", "ADDED BY", "");
        for (Member m : listing.members()) {
            table.row(m.name(), m.kind().label(), m.fingerprint(), m.added() == null ? "-" : m.added().toString(),
                    m.addedBy() == null ? "-" : m.addedBy(),
                    isYou(m, listing.you()) ? "(you)" : m.needsUpgrade() ? "(older: unlock once with it to upgrade)" : "");
        }
        table.print(root.context().out());
        return 0;
    }

    private static boolean isYou(Member member, Member you) {
        return you != null && you.slotId() == member.slotId();
    }
}
