package io.keystash.cli.profiles;

import io.keystash.cli.Keystash;
import io.keystash.cli.shell.ShellQuoting;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.model.Names;
import io.keystash.vault.profile.ResolvedProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code keystash profile load PROFILE --export}: {@code export VAR='value'} lines for {@code eval}. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Print the profile's environment variables as POSIX shell export lines, for eval.", "System properties cannot be exported to a shell; use the agent or run for those."},
        footerHeading = "%nExamples:%n",
        footer = {"  eval \"$(keystash profile load dev --export)\"",
            "  keystash profile load dev --export > /dev/null   # check that it resolves"})
public final class ProfileLoadCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "PROFILE", description = "Profile name.")
    String profile;

    @Option(names = "--export", required = true, description = "Print export lines (the only format so far).")
    boolean export;

    public ProfileLoadCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Names.requireProfileName(profile);
        ResolvedProfile resolved = root.vaultAccess().read(AuditEvent.of("profile.load").profile(profile),
                vault -> vault.resolveProfile(profile));
        resolved.withheldLines().forEach(line -> root.context().err().println("keystash: " + line));
        PrintStream out = root.context().out();
        for (Map.Entry<String, String> variable : resolved.environment().entrySet()) {
            out.print("export " + variable.getKey() + "=" + ShellQuoting.quote(variable.getValue()) + "\n");
        }
        out.flush();
        if (!resolved.properties().isEmpty()) {
            root.context().err().println("keystash: note: profile " + Names.quote(profile) + " also has system properties ("
                    + String.join(", ", resolved.properties().keySet()) + "), which a shell cannot take; use the agent for them");
        }
        return 0;
    }
}
