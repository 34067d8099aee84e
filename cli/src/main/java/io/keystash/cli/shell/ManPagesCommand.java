package io.keystash.cli.shell;

import io.keystash.cli.Keystash;
import io.keystash.cli.Version;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code keystash manpages FOLDER}: writes a man page per command into FOLDER. The build runs it
 * for the distribution archive; hidden from the command list, as it is not an everyday command.
 */
@Command(name = "manpages", hidden = true, mixinStandardHelpOptions = true,
        description = {"Write a man page (troff) per command into FOLDER."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash manpages ~/.local/share/man/man1"})
public final class ManPagesCommand implements Callable<Integer> {
    private final Keystash root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Where to write keystash.1, keystash-store.1, ...")
    Path folder;

    public ManPagesCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        List<Path> written;
        try {
            written = new ManPages(Version.number()).write(spec.root().commandLine(), folder);
        } catch (IOException e) {
            throw new VaultException(Failure.IO, "cannot write man pages to " + folder + ": " + e.getMessage());
        }
        root.context().err().println("Wrote " + written.size() + " man pages to " + folder + ".");
        return 0;
    }
}
