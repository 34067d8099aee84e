package io.keystash.cli.launch;

import io.keystash.cli.Keystash;
import io.keystash.vault.unlock.UnlockSources;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -javaagent:} flag for the global options in force:
 * {@code -javaagent:/abs/keystash-agent.jar=profile=P[,vault=…][,identity=…|,keyfile=…|,passphrase-file=…][,OPTION=…]}.
 * An identity or key file comes from its option or variable ({@code KEYSTASH_IDENTITY},
 * {@code KEYSTASH_KEY_FILE}), in the unlock order; vault and passphrase file only from their
 * options (the agent reads the variables itself).
 */
public final class AgentLine {
    private AgentLine() {
    }

    public static String of(Keystash root, Path agentJar, String profile) {
        return of(root, agentJar, profile, List.of());
    }

    /** With {@code extra} agent options ({@code reload=off}, {@code expired=refuse}, …) at the end. */
    public static String of(Keystash root, Path agentJar, String profile, List<String> extra) {
        List<String> options = new ArrayList<>();
        options.add("profile=" + profile);
        if (root.vaultOption() != null) {
            options.add("vault=" + absolute(root.vaultOption()));
        }
        Path identity = root.identityOption() != null ? root.identityOption() : fromEnv(root, UnlockSources.IDENTITY_VARIABLE);
        Path keyFile = root.keyFileOption() != null ? root.keyFileOption() : fromEnv(root, UnlockSources.KEY_FILE_VARIABLE);
        if (identity != null) {
            options.add("identity=" + absolute(identity));
        } else if (keyFile != null) {
            options.add("keyfile=" + absolute(keyFile));
        } else if (root.passphraseFileOption() != null) {
            options.add("passphrase-file=" + absolute(root.passphraseFileOption()));
        }
        options.addAll(extra);
        for (String option : options) {
            if (option.indexOf(',') >= 0) {
                root.context().err().println("keystash: warning: " + option
                        + " contains a comma, which the agent reads as an option separator; use a path without one");
            }
        }
        return "-javaagent:" + agentJar + "=" + String.join(",", options);
    }

    private static Path fromEnv(Keystash root, String variable) {
        String value = root.context().environment().get(variable);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
