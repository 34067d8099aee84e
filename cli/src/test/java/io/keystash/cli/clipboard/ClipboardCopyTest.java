package io.keystash.cli.clipboard;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * get --clipboard through stand-in {@code wl-copy}/{@code wl-paste} scripts that keep the
 * "clipboard" in a file and log their arguments.
 */
class ClipboardCopyTest {
    private static final String VALUE = "clipboard-secret-value";

    @TempDir
    Path folder;
    CliHarness cli;
    Path clip;

    @BeforeEach
    void fakeWayland() throws Exception {
        cli = CliHarness.withVault(folder);
        cli.store("k", VALUE);
        Path bin = Files.createDirectories(folder.resolve("bin"));
        clip = folder.resolve("clip");
        script(bin.resolve("wl-copy"), "#!/bin/sh\necho \"$@\" >> \"$CLIP.args\"\n"
                + "if [ \"$1\" = --clear ]; then : > \"$CLIP\"; else cat > \"$CLIP\"; fi\n");
        script(bin.resolve("wl-paste"), "#!/bin/sh\ncat \"$CLIP\"\n");
        cli.env("PATH", bin + ":/usr/bin:/bin").env("WAYLAND_DISPLAY", "wayland-test").env("DISPLAY", null)
                .env("CLIP", clip.toString());
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void copiesThroughStdinAndClearsWhenUnchanged() throws Exception {
        Result result = cli.run("get", "k", "--clipboard", "--clear-after", "1");
        assertThat(result.status()).as(result.toString()).isZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Copied 'k' to the clipboard (wl-copy)");
        assertThat(sha256(Files.readString(clip))).isEqualTo(sha256(VALUE));
        awaitTrue(() -> Files.size(clip) == 0);
        assertThat(Files.readString(folder.resolve("clip.args")).contains(VALUE)).isFalse();
    }

    @Test
    void leavesTheClipboardAloneWhenSomethingElseWasCopied() throws Exception {
        // The user copies something else before the delay ends: here wl-paste answers that from the
        // start, so the keeper's check (at once: --clear-after 0) cannot race the test.
        script(folder.resolve("bin").resolve("wl-paste"), "#!/bin/sh\nprintf 'something else'\n");
        Result result = cli.run("get", "k", "--clipboard", "--clear-after", "0");
        assertThat(result.status()).as(result.toString()).isZero();
        awaitTrue(() -> keepers("0").isEmpty()); // the keeper exits once it has decided
        assertThat(Files.readAllLines(folder.resolve("clip.args"))).as("wl-copy calls").noneMatch(args -> args.contains("--clear"));
        assertThat(sha256(Files.readString(clip))).isEqualTo(sha256(VALUE));
    }

    /** The keeper processes started by this test with {@code --clear-after SECONDS}. */
    private java.util.List<ProcessHandle> keepers(String seconds) {
        String arguments = ClipboardKeeper.class.getName() + " " + seconds + " wl-copy " + folder.resolve("bin");
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains(arguments)).toList();
    }

    @Test
    void aKeeperKilledWithSigtermStillClearsTheClipboard() throws Exception {
        Result result = cli.run("get", "k", "--clipboard", "--clear-after", "600");
        assertThat(result.status()).as(result.toString()).isZero();
        assertThat(sha256(Files.readString(clip))).isEqualTo(sha256(VALUE));
        ProcessHandle keeper = keepers("600").stream().findFirst()
                .orElseThrow(() -> new AssertionError("no keeper process found"));
        assertThat(keeper.destroy()).as("SIGTERM sent").isTrue();
        awaitTrue(() -> Files.size(clip) == 0);
        assertThat(keeper.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void wlCopyIsAskedToMarkTheValueSensitiveWhenItOffersThat() throws Exception {
        Path bin = folder.resolve("bin");
        script(bin.resolve("wl-copy"), "#!/bin/sh\nif [ \"$1\" = --help ]; then echo '  -s, --sensitive  hint that the data is sensitive'; exit 0; fi\n"
                + "echo \"$@\" >> \"$CLIP.args\"\n"
                + "if [ \"$1\" = --clear ]; then : > \"$CLIP\"; else cat > \"$CLIP\"; fi\n");
        Result result = cli.run("get", "k", "--clipboard", "--clear-after", "1");
        assertThat(result.status()).as(result.toString()).isZero();
        awaitTrue(() -> Files.size(clip) == 0);
        assertThat(Files.readAllLines(folder.resolve("clip.args"))).first().isEqualTo("--sensitive");
    }

    private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.call()) {
            assertThat(Instant.now()).as("waited 20 s").isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
