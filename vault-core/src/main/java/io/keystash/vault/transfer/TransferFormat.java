package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.Names;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The file formats of {@code export} and {@code import}; {@code .env} files can only be imported. */
public enum TransferFormat {
    JSON("json"),
    YAML("yaml"),
    DOTENV("dotenv");

    private final String id;

    TransferFormat(String id) {
        this.id = id;
    }

    /** The name users type after {@code --format}. */
    public String id() {
        return id;
    }

    /** The format named by {@code --format}; INVALID_INPUT for anything else. */
    public static TransferFormat byId(String text) throws VaultException {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (TransferFormat format : values()) {
            if (format.id.equals(wanted) || format == YAML && wanted.equals("yml") || format == DOTENV && wanted.equals("env")) {
                return format;
            }
        }
        throw new VaultException(Failure.INVALID_INPUT, "unknown format " + Names.quote(text) + ": expected json, yaml or dotenv");
    }

    /**
     * The format a file's name says: {@code .json}; {@code .yaml} or {@code .yml}; {@code .env},
     * {@code NAME.env} or {@code .env.NAME}. Empty when the name says nothing.
     */
    public static Optional<TransferFormat> fromFileName(Path file) {
        Path fileName = file.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return Optional.of(YAML);
        }
        if (name.equals(".env") || name.endsWith(".env") || name.startsWith(".env.")) {
            return Optional.of(DOTENV);
        }
        return Optional.empty();
    }
}
