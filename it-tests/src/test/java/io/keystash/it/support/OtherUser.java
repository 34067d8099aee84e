package io.keystash.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    public static void assumeAvailable() throws IOException {
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
                "not running as root: cannot act as a second user (uid " + UID + "), multi-user test skipped");
        assumeTrue(Files.isExecutable(SETPRIV), "util-linux setpriv is missing: multi-user test skipped");
    }

    /** Runs {@code shell} (sh syntax) as uid/gid 65534; fails the test when it does not exit 0. */
    public static void run(String shell) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(SETPRIV.toString(), "--reuid=" + UID, "--regid=" + UID, "--clear-groups",
                "sh", "-c", shell)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("as uid " + UID + ": timed out: " + shell);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("as uid " + UID + ": exit " + process.exitValue() + ": " + shell + ": " + output);
        }
    }
}
