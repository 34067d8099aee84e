package io.keystash.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which subcommand a command line names, so only that one is built. */
class CommandsTest {
    @Test
    void skipsGlobalOptionsAndTheirValues() {
        assertThat(Commands.commandName(new String[] {"--vault", "v", "--key-file", "k", "get", "x"})).isEqualTo("get");
        assertThat(Commands.commandName(new String[] {"--vault=v", "--debug", "profile", "show", "x"})).isEqualTo("profile");
        assertThat(Commands.commandName(new String[] {"--passphrase-file", "list", "list"})).isEqualTo("list");
    }

    @Test
    void noOrUnknownCommandMeansAllAreNeeded() {
        assertThat(Commands.commandName(new String[] {})).isNull();
        assertThat(Commands.commandName(new String[] {"--help"})).isNull();
        assertThat(Commands.commandName(new String[] {"frobnicate"})).isNull();
    }

    @Test
    void aMistypedCommandStillGetsPicocliSuggestions() {
        CliHarness.Result result = new CliHarness(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"))).run("lst");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).startsWith("keystash: ").contains("lst");
    }
}
