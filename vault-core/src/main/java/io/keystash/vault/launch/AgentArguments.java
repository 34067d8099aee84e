package io.keystash.vault.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's argument text ({@code -javaagent:keystash-agent.jar=ARGUMENTS}): the option names,
 * which the agent parses and {@code keystash agent-line} writes, and a writer of
 * {@code name=value} pairs joined by commas. A value cannot hold a comma: the agent would read
 * the rest as another option ({@link #pairsWithComma} lets the writer say so).
 */
public final class AgentArguments {
    public static final String PROFILE = "profile";
    public static final String VAULT = "vault";
    public static final String IDENTITY = "identity";
    public static final String KEYFILE = "keyfile";
    public static final String PASSPHRASE_FILE = "passphrase-file";
    public static final String PASSPHRASE_COMMAND = "passphrase-command";
    public static final String SESSION = "session";
    public static final String ENV = "env";
    public static final String PROPS = "props";
    public static final String CHILDREN = "children";
    public static final String OVERRIDE = "override";
    public static final String ONERROR = "onerror";
    public static final String VERBOSE = "verbose";
    public static final String RELOAD = "reload";
    public static final String EXPIRED = "expired";
    public static final String REDACT = "redact";
    public static final String PROMPT = "prompt";
    public static final String MAX_AGE = "max-age";
    /** Between two options. */
    public static final char SEPARATOR = ',';

    private final List<String> pairs = new ArrayList<>();

    private AgentArguments() {
    }

    /** Arguments that start with {@code profile=NAME}. */
    public static AgentArguments forProfile(String profile) {
        return new AgentArguments().add(PROFILE, profile);
    }

    /** Adds {@code name=value}. */
    public AgentArguments add(String name, String value) {
        pairs.add(name + "=" + value);
        return this;
    }

    /** Adds {@code name=PATH} with the path made absolute, as the program may start elsewhere. */
    public AgentArguments addPath(String name, Path path) {
        return add(name, path.toAbsolutePath().normalize().toString());
    }

    /** The pairs whose value holds a comma, which the agent would split. */
    public List<String> pairsWithComma() {
        List<String> split = new ArrayList<>();
        for (String pair : pairs) {
            if (pair.indexOf(SEPARATOR) >= 0) {
                split.add(pair);
            }
        }
        return split;
    }

    /** The argument text: the pairs joined by commas. */
    @Override
    public String toString() {
        return String.join(String.valueOf(SEPARATOR), pairs);
    }
}
