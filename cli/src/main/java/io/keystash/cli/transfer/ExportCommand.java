package io.keystash.cli.transfer;

import io.keystash.cli.Keystash;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.storage.AtomicFile;
import io.keystash.vault.transfer.ExportDocument;
import io.keystash.vault.transfer.ExportWriter;
import io.keystash.vault.transfer.Exporter;
import io.keystash.vault.transfer.SecretsMode;
import io.keystash.vault.transfer.TransferFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code keystash export FILE}: profiles, keys and bindings to a JSON or YAML file (mode 0600). */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the vault's keys (metadata and versions), profiles and bindings to FILE (mode 0600), "
                + "for backup or to move them to another vault with import.",
            "Without --include-secrets no value is written. With it, the values travel sealed: the file opens "
                + "with the passphrase or key file that opens this vault now. --plaintext writes them in clear."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash export config.yaml                       # no values",
            "  keystash export backup.json --include-secrets     # values sealed under this vault's key slots",
            "  keystash export clear.json --include-secrets --plaintext   # values in clear: handle with care"})
public final class ExportCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to write (refused if it exists, unless --force).")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", description = "json or yaml (default: from FILE's name, else json).")
    String format;

    @Option(names = "--include-secrets", description = "Include every kept version's value, sealed.")
    boolean includeSecrets;

    @Option(names = "--plaintext", description = "With --include-secrets: write the values in clear text.")
    boolean plaintext;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    public ExportCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        if (plaintext && !includeSecrets) {
            throw new VaultException(Failure.INVALID_INPUT, "--plaintext only goes with --include-secrets");
        }
        PrintStream err = root.context().err();
        TransferFormat chosen = FormatChoice.forExport(format, file, err);
        if (Files.exists(file) && !force) {
            throw new VaultException(Failure.ALREADY_EXISTS, file + " already exists (use --force to replace it)");
        }
        if (Files.isDirectory(file)) {
            throw new VaultException(Failure.INVALID_INPUT, file + " is a folder");
        }
        SecretsMode mode = !includeSecrets ? SecretsMode.NONE : plaintext ? SecretsMode.PLAINTEXT : SecretsMode.SEALED;
        AuditEvent event = AuditEvent.of("export").detail("secrets " + mode.id() + ", " + chosen.id());
        String counts = root.vaultAccess().read(event, vault -> {
            try (ExportDocument document = Exporter.export(vault, mode, Instant.now())) {
                byte[] content = ExportWriter.write(document, chosen);
                try {
                    new AtomicFile().write(file, content);
                } finally {
                    Arrays.fill(content, (byte) 0);
                }
                return document.keys().size() + (document.keys().size() == 1 ? " key" : " keys") + " and "
                        + document.profiles().size() + (document.profiles().size() == 1 ? " profile" : " profiles");
            }
        });
        err.println("Exported " + counts + " to " + file + " (" + chosen.id() + ", secrets: " + mode.id() + ").");
        if (mode == SecretsMode.PLAINTEXT) {
            err.println("keystash: warning: " + file + " holds the values in clear text (mode 0600); "
                    + "keep it safe and delete it when you are done");
        }
        return 0;
    }
}
