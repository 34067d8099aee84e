package io.keystash.cli.members;

import io.keystash.cli.Keystash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code keystash member remove NAME [--yes] [--purge-backups]}: revocation, which is a rekey. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Remove a member (any kind) and rekey the vault: a new data key, every record sealed again, every "
                + "remaining member re-wrapped, in one atomic write.",
            "The removed member opens nothing written afterwards, even with an older copy of the vault. Values it could "
                    + "read before stay valid until you rotate them: the keys are listed, and `keystash report` lists them "
                    + "until each is rotated. On a terminal it asks first, unless --yes."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash member remove bob", "  keystash member remove old-laptop --yes --purge-backups"})
public final class MemberRemoveCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The member to remove (see: keystash member list).")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    @Option(names = "--purge-backups", description = "Also delete the vault's backups, which still open with the removed member.")
    boolean purgeBackups;

    public MemberRemoveCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws Exception {
        return new MemberRemoval(root, null).remove(name, yes, purgeBackups);
    }
}
