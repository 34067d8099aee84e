package io.keystash.cli.members;

import io.keystash.cli.Keystash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code keystash identity …}: this person's or machine's own X25519 identity. */
@Command(name = "identity", mixinStandardHelpOptions = true,
        description = {"Manage your identity: an X25519 key pair that unlocks the vaults you are a member of.",
            "Hand out its recipient (keystash1…), never the identity file."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {IdentityCreateCommand.class, IdentityShowCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash identity create                 # KEYSTASH_HOME/identity", "  keystash identity show"})
public final class IdentityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public IdentityCommand(Keystash root) {
        // the group has no state of its own
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
