package io.keystash.cli.shell;

import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ManPagesTest {
    @TempDir
    Path folder;

    @Test
    void onePagePerCommandListedByHelpAndEachSubcommand() throws Exception {
        CliHarness cli = new CliHarness(folder);
        Path pages = folder.resolve("man1");
        Result result = cli.run("manpages", pages.toString());
        assertThat(result.status()).as(result.toString()).isZero();

        List<String> expected = new ArrayList<>(List.of("keystash.1"));
        for (String command : commandsIn(cli.run("--help").out())) {
            expected.add("keystash-" + command + ".1");
            for (String sub : commandsIn(cli.run(command, "--help").out())) {
                expected.add("keystash-" + command + "-" + sub + ".1");
            }
        }
        try (Stream<Path> files = Files.list(pages)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(expected)
                    .contains("keystash-profile-add-key.1", "keystash-keyfile-create.1").doesNotContain("keystash-manpages.1");
        }
        assertThat(result.err()).contains("Wrote " + expected.size() + " man pages");
    }

    @Test
    void aPageHoldsTheHelpsOptionsAndExamplesInTroff() throws Exception {
        Path pages = folder.resolve("man1");
        new CliHarness(folder).run("manpages", pages.toString());
        String store = Files.readString(pages.resolve("keystash-store.1"), StandardCharsets.UTF_8);
        assertThat(store).startsWith(".TH \"KEYSTASH\\-STORE\" \"1\" \"\" \"keystash ")
                .contains(".SH NAME\nkeystash\\-store \\- Add a key.\n")
                .contains("\\fB\\-\\-provider\\fR, \\fB\\-\\-service\\fR=\\fIP\\fR")
                .contains(".SH EXAMPLES\n.nf\n")
                .contains("printf %s \"$KEY\" | keystash store openai \\-\\-provider openai")
                .contains(".SH SEE ALSO\n\\fBkeystash\\fR(1)\n");
        String root = Files.readString(pages.resolve("keystash.1"), StandardCharsets.UTF_8);
        assertThat(root).contains(".SH COMMANDS\n").contains("See \\fBkeystash\\-profile\\fR(1).");
    }

    @Test
    void groffReadsEveryPageWithoutAWarning() throws Exception {
        Path groff = Path.of("/usr/bin/groff");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(groff), "groff not installed");
        Path pages = folder.resolve("man1");
        new CliHarness(folder).run("manpages", pages.toString());
        try (Stream<Path> files = Files.list(pages)) {
            for (Path page : files.sorted().toList()) {
                Process check = new ProcessBuilder(groff.toString(), "-man", "-Tutf8", "-ww", "-z", page.toString())
                        .redirectErrorStream(true).start();
                String warnings = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(warnings).as(page.getFileName() + ": groff warnings").isEmpty();
                assertThat(check.exitValue()).isZero();
            }
        }
    }

    @Test
    void twoRunsWriteTheSameBytes() throws Exception {
        Path first = folder.resolve("first");
        Path second = folder.resolve("second");
        new CliHarness(folder).run("manpages", first.toString());
        new CliHarness(folder).run("manpages", second.toString());
        try (Stream<Path> files = Files.list(first)) {
            for (Path page : files.toList()) {
                assertThat(Files.readAllBytes(second.resolve(page.getFileName()))).as(page.getFileName().toString())
                        .isEqualTo(Files.readAllBytes(page));
            }
        }
    }

    /** The command names of a help text's "Commands:" section. */
    private static List<String> commandsIn(String help) {
        List<String> names = new ArrayList<>();
        boolean inCommands = false;
        for (String line : help.split("\n")) {
            if (line.equals("Commands:")) {
                inCommands = true;
            } else if (inCommands && line.isBlank()) {
                break;
            } else if (inCommands && line.startsWith("  ") && !line.startsWith("   ")) {
                names.add(line.strip().split("\\s+")[0]);
            }
        }
        return names;
    }
}
