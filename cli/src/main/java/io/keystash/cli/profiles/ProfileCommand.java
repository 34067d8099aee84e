package io.keystash.cli.profiles;

import io.keystash.cli.Keystash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code keystash profile …}: the group; alone it shows its usage (status 2). */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Manage profiles: named sets of bindings (key -> environment variable and/or system property).",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            ProfileCreateCommand.class,
            ProfileDeleteCommand.class,
            ProfileListCommand.class,
            ProfileShowCommand.class,
            ProfileAddKeyCommand.class,
            ProfileRemoveKeyCommand.class,
            ProfileLoadCommand.class,
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  keystash profile create dev",
            "  keystash profile add-key dev openai                 # as the key's default variable",
            "  keystash profile add-key dev billing --env BILLING_TOKEN --property billing.token",
            "  keystash profile show dev",
            "  eval \"$(keystash profile load dev --export)\""})
public final class ProfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public ProfileCommand(Keystash root) {
        // the group has no state of its own
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
