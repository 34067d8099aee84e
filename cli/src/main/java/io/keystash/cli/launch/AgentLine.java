package io.keystash.cli.launch;

import io.keystash.cli.Keystash;
import io.keystash.vault.launch.AgentArguments;
import io.keystash.vault.unlock.UnlockSources;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code -javaagent:} flag for the global options in force:
 * {@code -javaagent:/abs/keystash-agent.jar=profile=P[,vault=…][,identity=…|,keyfile=…|,passphrase-file=…][,OPTION=…]},
 * in the agent's option names ({@link AgentArguments}). An identity or key file comes from its
 * option or variable ({@code KEYSTASH_IDENTITY}, {@code KEYSTASH_KEY_FILE}), in the unlock order;
 * vault and passphrase file only from their options (the agent reads the variables itself).
 */
public final class AgentLine {
    private AgentLine() {
    }

    public static String of(Keystash root, Path agentJar, String profile) {
        return of(root, agentJar, profile, List.of());
    }

    /** With {@code extra} agent options ({@code reload=off}, {@code expired=refuse}, …) at the end. */
    public static String of(Keystash root, Path agentJar, String profile, List<String> extra) {
        AgentArguments arguments = AgentArguments.forProfile(profile);
        if (root.vaultOption() != null) {
            arguments.addPath(AgentArguments.VAULT, root.vaultOption());
        }
        Path identity = root.identityOption() != null ? root.identityOption() : fromEnv(root, UnlockSources.IDENTITY_VARIABLE);
        Path keyFile = root.keyFileOption() != null ? root.keyFileOption() : fromEnv(root, UnlockSources.KEY_FILE_VARIABLE);
        if (identity != null) {
            arguments.addPath(AgentArguments.IDENTITY, identity);
        } else if (keyFile != null) {
            arguments.addPath(AgentArguments.KEYFILE, keyFile);
        } else if (root.passphraseFileOption() != null) {
            arguments.addPath(AgentArguments.PASSPHRASE_FILE, root.passphraseFileOption());
        }
        for (String pair : extra) {
            int equals = pair.indexOf('=');
            arguments.add(pair.substring(0, equals), pair.substring(equals + 1));
        }
        for (String option : arguments.pairsWithComma()) {
            root.context().err().println("keystash: warning: " + option
                    + " contains a comma, which the agent reads as an option separator; use a path without one");
        }
        return "-javaagent:" + agentJar + "=" + arguments;
    }

    private static Path fromEnv(Keystash root, String variable) {
        String value = root.context().environment().get(variable);
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
