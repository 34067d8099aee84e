package io.keystash.it.agent.programs;

import io.keystash.it.support.Hashes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running program under the agent, driven through its stdin; reports as lines, values only
 * as hashes.
 *
 * <p>{@code LiveProbe VAR…}: prints {@code ready}, then {@code seen VAR=HASH} whenever
 * {@code System.getenv(VAR)} changes (polled every 5 ms), and answers commands: {@code child VAR}
 * (a child started now: {@code child VAR=HASH}), {@code now VAR} ({@code now VAR=HASH}),
 * {@code prop NAME} ({@code prop NAME=HASH}), {@code threads} ({@code threads=NAMES}, the agent's
 * threads). Stdin closed: it ends.
 *
 * <p>{@code LiveProbe --hammer VAR_A VAR_B PROP_A PROP_B}: four threads read the two variables
 * (by name and through {@code System.getenv()}), the two properties, a copy of the environment and
 * a clone of the properties, until stdin closes, and check every value is a complete version
 * ({@code A-N-HEX32-N}) and every copy holds one version of both names; then prints
 * {@code hammer reads=MIN_PER_THREAD versions=DISTINCT problems=N} and one {@code problem=…}
 * line per kind of problem (names and version numbers only).
 */
public final class LiveProbe {
    private static final Pattern VERSION = Pattern.compile("([AB])-(\\d+)-[0-9a-f]{32}-(\\d+)");

    private LiveProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--hammer")) {
            hammer(args[1], args[2], args[3], args[4]);
            return;
        }
        List<String> names = List.of(args);
        AtomicBoolean done = new AtomicBoolean();
        System.out.println("ready"); // first: a test reads lines after this one
        System.out.flush();
        Thread poller = new Thread(() -> poll(names, done), "poller");
        poller.setDaemon(true);
        poller.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] command = line.split(" ");
            switch (command[0]) {
                case "child" -> report("child " + command[1], childValue(command[1]));
                case "now" -> report("now " + command[1], Hashes.of(System.getenv(command[1])));
                case "prop" -> report("prop " + command[1], Hashes.of(System.getProperty(command[1])));
                case "threads" -> report("threads", agentThreads());
                default -> report("unknown", command[0]);
            }
        }
        done.set(true);
    }

    private static void poll(List<String> names, AtomicBoolean done) {
        Map<String, String> last = new HashMap<>();
        while (!done.get()) {
            for (String name : names) {
                String hash = Hashes.of(System.getenv(name));
                if (!hash.equals(last.put(name, hash))) {
                    report("seen " + name, hash);
                }
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    private static synchronized void report(String check, Object value) {
        System.out.println(check + "=" + value);
        System.out.flush();
    }

    /** The variable as a child started now, with the inherited environment, sees it. */
    private static String childValue(String name) throws IOException, InterruptedException {
        Process child = new ProcessBuilder("env", "-0").start();
        byte[] output = child.getInputStream().readAllBytes();
        child.waitFor();
        for (String entry : new String(output, StandardCharsets.UTF_8).split("\0")) {
            if (entry.startsWith(name + "=")) {
                return Hashes.of(entry.substring(name.length() + 1));
            }
        }
        return Hashes.NULL;
    }

    private static String agentThreads() {
        TreeSet<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("keystash")) {
                names.add(thread.getName());
            }
        }
        return String.join(",", names);
    }

    // ---- --hammer -------------------------------------------------------------------------------

    private static void hammer(String varA, String varB, String propA, String propB) throws Exception {
        int threads = 4;
        AtomicBoolean done = new AtomicBoolean();
        Map<String, AtomicInteger> problems = new java.util.concurrent.ConcurrentHashMap<>();
        long[] reads = new long[threads];
        AtomicReference<TreeSet<Integer>> versions = new AtomicReference<>(new TreeSet<>());
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread reader = new Thread(() -> {
                TreeSet<Integer> seen = new TreeSet<>();
                long count = 0;
                while (!done.get() || count < 10_000) {
                    int a = version(System.getenv(varA), "A", "getenv(" + varA + ")", problems);
                    int b = version(System.getenv().get(varB), "B", "getenv().get(" + varB + ")", problems);
                    version(System.getProperty(propA), "A", "getProperty(" + propA + ")", problems);
                    version(System.getProperty(propB), "B", "getProperty(" + propB + ")", problems);
                    if (a >= 0) {
                        seen.add(a);
                    }
                    if (b < 0) {
                        continue;
                    }
                    if ((count & 7) == 0) {
                        Map<String, String> copy = Map.copyOf(System.getenv());
                        int ca = version(copy.get(varA), "A", "a copy of getenv()", problems);
                        int cb = version(copy.get(varB), "B", "a copy of getenv()", problems);
                        if (ca >= 0 && cb >= 0 && ca != cb) {
                            problem(problems, "a copy of getenv() holds two versions");
                        }
                        Properties clone = (Properties) System.getProperties().clone();
                        int pa = version(clone.getProperty(propA), "A", "a clone of the properties", problems);
                        int pb = version(clone.getProperty(propB), "B", "a clone of the properties", problems);
                        if (pa >= 0 && pb >= 0 && pa != pb) {
                            problem(problems, "a clone of the properties holds two versions");
                        }
                    }
                    count++;
                    if ((count & 63) == 0) {
                        LockSupport.parkNanos(100_000); // leave the reload thread a core
                    }
                }
                reads[index] = count;
                if (index == 0) {
                    versions.set(seen);
                }
            }, "reader-" + t);
            readers.add(reader);
            reader.start();
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes stdin
        }
        done.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        long min = Long.MAX_VALUE;
        for (long r : reads) {
            min = Math.min(min, r);
        }
        int total = 0;
        for (AtomicInteger n : problems.values()) {
            total += n.get();
        }
        System.out.println("hammer reads=" + min + " versions=" + versions.get().size() + " problems=" + total);
        for (Map.Entry<String, AtomicInteger> problem : problems.entrySet()) {
            System.out.println("problem=" + problem.getKey() + " (" + problem.getValue() + " times)");
        }
    }

    /** The version number a value is complete for, or -1 (and a problem noted) when it is missing or torn. */
    private static int version(String value, String tag, String where, Map<String, AtomicInteger> problems) {
        if (value == null) {
            problem(problems, where + " was null");
            return -1;
        }
        Matcher m = VERSION.matcher(value);
        if (!m.matches() || !m.group(1).equals(tag) || !m.group(2).equals(m.group(3))) {
            problem(problems, where + " was not a complete version");
            return -1;
        }
        return Integer.parseInt(m.group(2));
    }

    private static void problem(Map<String, AtomicInteger> problems, String what) {
        problems.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }
}
