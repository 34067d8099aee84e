package io.keystash.cli.vault;

import io.keystash.cli.Keystash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code keystash keyfile …}: key files, for unattended unlocking. */
@Command(name = "keyfile", mixinStandardHelpOptions = true, description = "Manage key files (256 random bits that unlock the vault without a KDF).",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {KeyfileCreateCommand.class, KeyfileRemoveCommand.class},
        footerHeading = "%nExamples:%n", footer = {"  keystash keyfile create ~/.keystash/ci.key", "  keystash keyfile remove ci"})
public final class KeyfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public KeyfileCommand(Keystash root) {
        // the group has no state of its own
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
