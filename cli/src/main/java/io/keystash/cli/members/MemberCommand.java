package io.keystash.cli.members;

import io.keystash.cli.Keystash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code keystash member …}: every way into the vault, and taking one away. */
@Command(name = "member", mixinStandardHelpOptions = true,
        description = {"Manage the vault's members: the passphrase, key files and identities that unlock it.",
            "Removing a member rekeys the vault: what it held before stays readable to it, nothing written after."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {MemberAddCommand.class, MemberListCommand.class, MemberRemoveCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash member add bob keystash1…", "  keystash member list", "  keystash member remove bob"})
public final class MemberCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public MemberCommand(Keystash root) {
        // the group has no state of its own
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
