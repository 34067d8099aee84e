package io.keystash.it.agent.programs;

import io.keystash.it.support.Hashes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Run under the agent: reports, as {@code check=value} lines with values hashed, what the program
 * and its children see for each variable/property name given as an argument, plus the invariants
 * of {@code System.getenv()}. With {@code --wait} first, it prints {@code ready} and waits for its
 * stdin to close (so a test can read its /proc files), then reports.
 */
public final class EnvProbe {
    private static final Charset JNU_CHARSET = jnuCharset();
    private EnvProbe() {
    }

    public static void main(String[] args) throws Exception {
        int first = 0;
        if (args.length > 0 && args[0].equals("--wait")) {
            first = 1;
            System.out.println("ready");
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // wait for the test to close our stdin
            }
        }
        List<String> names = List.of(args).subList(first, args.length);
        Map<String, String> viaProcessBuilder = childEnvironment(new ProcessBuilder("env", "-0").start());
        Map<String, String> viaExec = childEnvironment(Runtime.getRuntime().exec(new String[] {"env", "-0"}));
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(new ProcessBuilder("env", "-0"),
                new ProcessBuilder("cat")));
        Map<String, String> viaPipeline = childEnvironment(pipeline.get(pipeline.size() - 1));
        ProcessBuilder explicit = new ProcessBuilder("env", "-0");
        explicit.environment().clear();
        explicit.environment().put("ONLY", "explicit");
        Map<String, String> viaExplicit = childEnvironment(explicit.start());
        Map<String, String> viaEnvp = childEnvironment(Runtime.getRuntime().exec(new String[] {"env", "-0"},
                new String[] {"ONLY=envp"}));
        Map<String, String> builderStart = new ProcessBuilder("true").environment();

        for (String name : names) {
            report("getenv." + name, Hashes.of(System.getenv(name)));
            report("map." + name, Hashes.of(System.getenv().get(name)));
            report("keys." + name, System.getenv().containsKey(name) && System.getenv().keySet().contains(name));
            report("prop." + name, Hashes.of(System.getProperty(name)));
            report("propdef." + name, Hashes.of(System.getProperty(name, "fallback")));
            report("props." + name, Hashes.of(System.getProperties().getProperty(name)));
            report("propnames." + name, System.getProperties().stringPropertyNames().contains(name));
            report("pbenv." + name, Hashes.of(builderStart.get(name)));
            report("child." + name, Hashes.of(viaProcessBuilder.get(name)));
            report("exec." + name, Hashes.of(viaExec.get(name)));
            report("pipeline." + name, Hashes.of(viaPipeline.get(name)));
            report("explicit." + name, Hashes.of(viaExplicit.get(name)));
            report("envp." + name, Hashes.of(viaEnvp.get(name)));
        }
        report("identity", System.getenv() == System.getenv());
        report("unmodifiable", unmodifiable(System.getenv()));
        report("consistent", consistent(System.getenv()));
        report("nullNameThrows", nullNameThrows());
        report("builderMatchesGetenv", builderStart.equals(System.getenv()));
        report("childMatchesGetenv", withoutUnderscore(viaProcessBuilder).equals(withoutUnderscore(System.getenv())));
        report("childDifference", differentNames(withoutUnderscore(viaProcessBuilder), withoutUnderscore(System.getenv())));
        report("explicitKept", "explicit".equals(viaExplicit.get("ONLY")) && viaExplicit.size() == 1);
        report("envpKept", "envp".equals(viaEnvp.get("ONLY")) && viaEnvp.size() == 1);
        report("main", "ran");
    }

    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    private static void report(String check, Object value) {
        System.out.println(check + "=" + value);
    }

    /** A child's environment as {@code env -0} prints it. */
    private static Map<String, String> childEnvironment(Process process) throws IOException, InterruptedException {
        byte[] output = process.getInputStream().readAllBytes();
        process.waitFor();
        Map<String, String> environment = new HashMap<>();
        // Decode as the JVM decodes its own environment, so the two compare equal.
        for (String entry : new String(output, JNU_CHARSET).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return environment;
    }

    /** {@code env} (through a shell or not) may add {@code _}; compare without it. */
    private static Map<String, String> withoutUnderscore(Map<String, String> environment) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.remove("_");
        return copy;
    }

    /** Names (never values) present in one map only or with different values. */
    private static String differentNames(Map<String, String> one, Map<String, String> other) {
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (Map.Entry<String, String> entry : one.entrySet()) {
            if (!entry.getValue().equals(other.get(entry.getKey()))) {
                names.add(entry.getKey());
            }
        }
        for (String name : other.keySet()) {
            if (!one.containsKey(name)) {
                names.add(name);
            }
        }
        return String.join(",", names);
    }

    private static boolean unmodifiable(Map<String, String> environment) {
        try {
            environment.put("KEYSTASH_PROBE", "x");
            return false;
        } catch (UnsupportedOperationException expected) {
            return true;
        }
    }

    private static boolean consistent(Map<String, String> environment) {
        int count = 0;
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            count++;
            if (!entry.getValue().equals(System.getenv(entry.getKey()))) {
                return false;
            }
        }
        return count == environment.size() && count == environment.keySet().size();
    }

    private static boolean nullNameThrows() {
        try {
            System.getenv(null);
            return false;
        } catch (NullPointerException expected) {
            return true;
        }
    }
}
