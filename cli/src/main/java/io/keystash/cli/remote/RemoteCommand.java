package io.keystash.cli.remote;

import io.keystash.cli.Keystash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code keystash remote …}: the shared store this machine's vault follows. */
@Command(name = "remote", mixinStandardHelpOptions = true,
        description = {"Share the vault through an etcd cluster: every machine keeps a replica, reads it, and publishes "
                + "its writes to the store.", "etcd sees ciphertext and opaque ids only; every pull is checked."},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {RemoteSetCommand.class, RemoteShowCommand.class, RemoteUnsetCommand.class, RemoteStatusCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash remote set etcd://10.0.0.1:2379,10.0.0.2:2379,10.0.0.3:2379/team",
            "  keystash remote status", "  keystash push   # the first upload", "  keystash pull   # on another machine"})
public final class RemoteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public RemoteCommand(Keystash root) {
        // the group has no state of its own
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
