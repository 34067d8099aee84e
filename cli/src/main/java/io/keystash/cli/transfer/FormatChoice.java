package io.keystash.cli.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.transfer.TransferFormat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The format of an export or import file: {@code --format}, else what the file's name says,
 * else a default that is announced on standard error (JSON to export, {@code .env} to import).
 */
final class FormatChoice {
    private FormatChoice() {
    }

    static TransferFormat forExport(String option, Path file, PrintStream err) throws VaultException {
        TransferFormat format = option != null ? TransferFormat.byId(option) : TransferFormat.fromFileName(file).orElse(null);
        if (format == TransferFormat.DOTENV) {
            throw new VaultException(Failure.INVALID_INPUT, "exports are written as json or yaml, not as a .env file"
                    + (option == null ? " (give --format json or --format yaml)" : ""));
        }
        if (format == null) {
            err.println("keystash: note: writing JSON (the name " + file.getFileName()
                    + " does not say which format; give --format yaml for YAML)");
            return TransferFormat.JSON;
        }
        return format;
    }

    static TransferFormat forImport(String option, Path file, PrintStream err) throws VaultException {
        if (option != null) {
            return TransferFormat.byId(option);
        }
        Optional<TransferFormat> named = TransferFormat.fromFileName(file);
        if (named.isPresent()) {
            return named.get();
        }
        err.println("keystash: note: reading " + file.getFileName()
                + " as a .env file (its name does not say which format; give --format json or yaml for an export)");
        return TransferFormat.DOTENV;
    }
}
