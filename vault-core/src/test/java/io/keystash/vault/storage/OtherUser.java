package io.keystash.vault.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Another local user for the tests that play an attacker: shell steps run as {@code nobody}
 * (uid and gid 65534, no supplementary groups) through util-linux {@code setpriv}. That needs
 * root; elsewhere the test is skipped with a message saying why.
 */
public final class OtherUser {
    public static final int UID = 65534;
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private OtherUser() {
    }

    /** Skips the calling test, visibly, unless steps can run as another user here. */
    public static void assumeAvailable() {
        assumeTrue("root".equals(System.getProperty("user.name")) || TrustedPaths.currentUid() == 0,
                "not running as root: cannot act as a second user (uid " + UID + "), multi-user test skipped");
        assumeTrue(Files.isExecutable(SETPRIV), "util-linux setpriv is missing: multi-user test skipped");
    }

    /** Runs {@code shell} (sh syntax) as uid/gid 65534; fails the test when it does not exit 0. */
    public static void run(String shell) throws IOException, InterruptedException {
        output(List.of("sh", "-c", shell));
    }

    /**
     * Runs {@code command} as uid/gid 65534 and returns what it printed (stdout and stderr); fails
     * the test when it does not exit 0.
     */
    public static String output(List<String> command) throws IOException, InterruptedException {
        List<String> asOther = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + UID, "--regid=" + UID,
                "--clear-groups"));
        asOther.addAll(command);
        Process process = new ProcessBuilder(asOther).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("as uid " + UID + ": timed out: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("as uid " + UID + ": exit " + process.exitValue() + ": " + command + ": " + output);
        }
        return output;
    }
}
