package io.keystash.cli.vault;

import io.keystash.cli.Keystash;
import io.keystash.cli.members.MemberRemoval;
import io.keystash.vault.format.SlotKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code keystash keyfile remove NAME}: as {@code member remove}, for key files only. */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Remove a key file's slot (by its member name, see: keystash member list) and rekey the vault.",
            "The key file opens nothing written afterwards, even with an older copy of the vault. On a terminal it asks "
                    + "first, unless --yes."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash keyfile remove ci", "  keystash keyfile remove old-runner --yes --purge-backups"})
public final class KeyfileRemoveCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "NAME", description = "The key file's member name.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    @Option(names = "--purge-backups", description = "Also delete the vault's backups, which still open with the removed key file.")
    boolean purgeBackups;

    public KeyfileRemoveCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws Exception {
        return new MemberRemoval(root, SlotKind.KEY_FILE).remove(name, yes, purgeBackups);
    }
}
