package io.keystash.cli.doctor;

import io.keystash.vault.health.Finding;
import io.keystash.vault.unlock.UnlockSources;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS} when they name the agent: then every JVM
 * started from this environment (build tools and IDE helpers too) starts with it, so a jar that
 * is gone stops them all, an agent of another version may not read the vault, and without an
 * unattended way to unlock each one asks on the terminal.
 */
final class LaunchOptionsCheck {
    static final String AREA = "environment";
    private static final List<String> VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final String FLAG = "-javaagent:";

    private LaunchOptionsCheck() {
    }

    static List<Finding> check(Map<String, String> environment) {
        List<Finding> findings = new ArrayList<>();
        for (String variable : VARIABLES) {
            String value = environment.get(variable);
            if (value == null) {
                continue;
            }
            for (String token : value.trim().split("\\s+")) {
                if (token.startsWith(FLAG) && token.contains("keystash-agent")) {
                    findings.add(check(variable, token.substring(FLAG.length()), environment));
                }
            }
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(AREA, "JAVA_TOOL_OPTIONS does not name the agent (programs get it from their own command line)"));
        }
        return findings;
    }

    private static Finding check(String variable, String agent, Map<String, String> environment) {
        int equals = agent.indexOf('=');
        String jarText = equals < 0 ? agent : agent.substring(0, equals);
        String options = equals < 0 ? "" : agent.substring(equals + 1);
        Path jar;
        try {
            jar = Path.of(jarText);
        } catch (InvalidPathException e) {
            return Finding.fix(AREA, variable + " names the agent at an invalid path; set it again with: "
                    + "export " + variable + "=\"$(keystash agent-line)\"");
        }
        if (!Files.isRegularFile(jar)) {
            return Finding.fix(AREA, variable + " names " + jar + ", which does not exist: every JVM started here fails; "
                    + "set it again with: export " + variable + "=\"$(keystash agent-line)\"");
        }
        Finding version = AgentJarCheck.sameVersion(jar, variable + " names " + jar);
        if (version.status() != Finding.Status.OK) {
            return new Finding(AREA, version.status(), version.text());
        }
        boolean unattended = options.contains("keyfile=") || options.contains("identity=") || options.contains("passphrase-file=")
                || present(environment, UnlockSources.KEY_FILE_VARIABLE) || present(environment, UnlockSources.IDENTITY_VARIABLE)
                || present(environment, UnlockSources.PASSPHRASE_FILE_VARIABLE);
        if (!unattended && !options.contains("prompt=off")) {
            return Finding.note(AREA, variable + " names the agent without a key file: every JVM started here (build tools "
                    + "too) asks for the passphrase on the terminal; give it one with: keystash keyfile create FILE");
        }
        return Finding.ok(AREA, variable + " names the agent " + jar + (options.isEmpty() ? "" : " with " + options));
    }

    private static boolean present(Map<String, String> environment, String variable) {
        String value = environment.get(variable);
        return value != null && !value.isBlank();
    }
}
