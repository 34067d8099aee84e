package io.keystash.cli.doctor;

import io.keystash.cli.Version;
import io.keystash.cli.launch.Installation;
import io.keystash.vault.VaultException;
import io.keystash.vault.health.Finding;

import java.nio.file.Path;
import java.util.List;

/**
 * The agent jar that {@code agent-line} would name: found where this CLI looks for it, and of the
 * same version as the CLI (an agent of another build may not read what this CLI writes).
 */
final class AgentJarCheck {
    static final String AREA = "agent";

    private AgentJarCheck() {
    }

    static List<Finding> check(Installation installation) {
        Path jar;
        try {
            jar = installation.agentJar();
        } catch (VaultException e) {
            return List.of(Finding.fix(AREA, e.getMessage()));
        }
        return List.of(sameVersion(jar, "agent jar " + jar));
    }

    /** OK when the jar's version is the CLI's; what to do when not. */
    static Finding sameVersion(Path jar, String described) {
        String cli = Version.number();
        String agent = Installation.versionOf(jar);
        if (agent == null) {
            return Finding.fix(AREA, described + " has no version in its manifest (not a Keystash agent jar?); "
                    + "use the one beside this CLI: keystash agent-line");
        }
        if (!agent.equals(cli)) {
            return Finding.fix(AREA, described + " is version " + agent + ", this CLI " + cli
                    + "; use the agent of the same build: keystash agent-line");
        }
        return Finding.ok(AREA, described + ", version " + agent + " (the CLI's)");
    }
}
