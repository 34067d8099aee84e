package io.keystash.cli.launch;

import io.keystash.cli.Keystash;
import io.keystash.cli.shell.ShellQuoting;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code keystash agent-line}: the exact {@code -javaagent:} flag for this machine. */
@Command(name = "agent-line", mixinStandardHelpOptions = true,
        description = {"Print the -javaagent flag for this installation: the agent jar's absolute path, "
                + "the profile, and the vault / key file / passphrase file when they were given or "
                + "configured."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash agent-line --profile prod",
            "  java $(keystash agent-line --profile dev) -jar app.jar",
            "  keystash --key-file ~/.keystash/app.key agent-line   # unattended start, no passphrase"})
public final class AgentLineCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = "--profile", paramLabel = "P", description = "Profile (default: KEYSTASH_PROFILE, else default).")
    String profile;

    public AgentLineCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        String chosen = profile != null ? profile : root.defaultProfile();
        Names.requireProfileName(chosen);
        Path agent = Installation.current().agentJar();
        root.context().out().println(ShellQuoting.quoteIfNeeded(AgentLine.of(root, agent, chosen)));
        return 0;
    }
}
