package io.keystash.cli.launch;

import io.keystash.cli.Keystash;
import io.keystash.cli.shell.ShellQuoting;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.launch.AgentArguments;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keystash agent-line}: the exact {@code -javaagent:} flag for this machine. */
@Command(name = "agent-line", mixinStandardHelpOptions = true,
        description = {"Print the -javaagent flag for this installation: the agent jar's absolute path, "
                + "the profile, and the vault / key file / passphrase file when they were given or "
                + "configured."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash agent-line --profile prod",
            "  java $(keystash agent-line --profile dev) -jar app.jar",
            "  keystash --key-file ~/.keystash/app.key agent-line   # unattended start, no passphrase",
            "  keystash agent-line --profile prod --expired refuse --redact on"})
public final class AgentLineCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = "--profile", paramLabel = "P", description = "Profile (default: KEYSTASH_PROFILE, else default).")
    String profile;

    @Option(names = "--reload", paramLabel = "on|off",
            description = "Serve a new generation of the vault to the running program (the agent's default: on).")
    String reload;

    @Option(names = "--expired", paramLabel = "serve|warn|refuse",
            description = "A bound key past its expiry date: serve it silently, warn (the agent's default), or refuse to start.")
    String expired;

    @Option(names = "--redact", paramLabel = "on|off",
            description = "Replace served values written to System.out/err by [keystash:NAME] (the agent's default: off).")
    String redact;

    public AgentLineCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        String chosen = profile != null ? profile : root.defaultProfile();
        Names.requireProfileName(chosen);
        List<String> extra = new ArrayList<>();
        option(extra, AgentArguments.RELOAD, reload, "on", "off");
        option(extra, AgentArguments.EXPIRED, expired, "serve", "warn", "refuse");
        option(extra, AgentArguments.REDACT, redact, "on", "off");
        Path agent = Installation.current().agentJar();
        root.context().out().println(ShellQuoting.quoteIfNeeded(AgentLine.of(root, agent, chosen, extra)));
        return 0;
    }

    /** Adds {@code name=value} when the option was given, after checking it is one of {@code allowed}. */
    private static void option(List<String> extra, String name, String value, String... allowed) throws VaultException {
        if (value == null) {
            return;
        }
        if (!List.of(allowed).contains(value)) {
            throw new VaultException(Failure.INVALID_INPUT, "--" + name + " must be " + String.join(", ", allowed) + ", not "
                    + Names.quote(value));
        }
        extra.add(name + "=" + value);
    }
}
