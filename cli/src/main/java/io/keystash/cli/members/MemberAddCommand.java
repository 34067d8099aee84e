package io.keystash.cli.members;

import io.keystash.cli.Keystash;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.identity.Recipient;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code keystash member add NAME RECIPIENT}: a slot that the recipient's identity opens. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Let the identity whose recipient is RECIPIENT (keystash1…, from: keystash identity show) unlock the vault.",
            "A mistyped recipient fails its checksum and is refused (exit 2)."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash member add bob keystash1qj…", "  keystash member add ci-runner-3 \"$(ssh runner-3 keystash identity show)\""})
public final class MemberAddCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The member's name in this vault (bob, ci-runner-3).")
    String name;

    @Parameters(index = "1", paramLabel = "RECIPIENT", description = "The member's recipient, keystash1…")
    String recipientText;

    public MemberAddCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireMemberName(name);
        Recipient recipient = Recipient.parse(recipientText);
        AuditEvent event = AuditEvent.of("member.add").detail("member " + name + ", identity " + recipient.fingerprint());
        root.vaultAccess().update(event, vault -> vault.addMember(name, recipient));
        root.context().err().println("Added member " + Names.quote(name) + " (identity " + recipient.fingerprint()
                + "): it can now unlock the vault with keystash --identity FILE, KEYSTASH_IDENTITY or the agent's identity=FILE.");
        return 0;
    }
}
