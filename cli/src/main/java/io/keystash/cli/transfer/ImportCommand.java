package io.keystash.cli.transfer;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.Actor;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.transfer.DotenvParser;
import io.keystash.vault.transfer.ExportDocument;
import io.keystash.vault.transfer.ExportReader;
import io.keystash.vault.transfer.ImportFile;
import io.keystash.vault.transfer.ImportSet;
import io.keystash.vault.transfer.ImportSummary;
import io.keystash.vault.transfer.Importer;
import io.keystash.vault.transfer.SecretsMode;
import io.keystash.vault.transfer.TransferFormat;
import io.keystash.vault.unlock.Credential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keystash import FILE}: restores an export, or turns a {@code .env} file into keys and bindings. */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Restore an export (json or yaml), or import a .env file: each variable becomes a key "
                + "of the same name, bound to that variable in the profile.",
            "All or nothing: a malformed file or a conflict (a key or profile that exists) changes nothing; "
                + "--force replaces instead (a replaced key gets the file's value as a new version)."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash import .env --profile dev",
            "  keystash import backup.json                          # secrets open with this vault's credential",
            "  keystash import backup.json --from-key-file old.key  # ... or with the source vault's"})
public final class ImportCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "FILE", description = "The export or .env file (at most 16 MiB).")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "json, yaml or dotenv (default: from FILE's name, else dotenv).")
    String format;

    @Option(names = "--profile", paramLabel = "P",
            description = ".env: the profile to bind the variables in (default: KEYSTASH_PROFILE, else default). "
                    + "Export: import only this profile and the keys it binds.")
    String profile;

    @Option(names = "--force", description = "Replace keys and profiles that exist instead of refusing.")
    boolean force;

    @Option(names = "--trust-commands",
            description = "Approve on this machine the rotate and validate commands, endpoints and settings the file "
                    + "brings (by default they are not run or served until: keystash trust KEY).")
    boolean trustCommands;

    @Option(names = "--from-key-file", paramLabel = "FILE", description = "Key file that opens the export's secrets.")
    Path fromKeyFile;

    @Option(names = "--from-passphrase-file", paramLabel = "FILE",
            description = "File holding the passphrase that opens the export's secrets.")
    Path fromPassphraseFile;

    public ImportCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        TransferFormat chosen = FormatChoice.forImport(format, file, root.context().err());
        byte[] content = ImportFile.read(file);
        VaultAccess access = root.vaultAccess();
        ImportSummary summary;
        try {
            if (chosen == TransferFormat.DOTENV) {
                String target = profile != null ? profile : root.defaultProfile();
                ImportSet set = parse(() -> ImportSet.ofDotenv(DotenvParser.parse(content), target,
                        Instant.now(), Actor.current().userAtHost()));
                try (set; Credential credential = access.credential()) {
                    summary = apply(access, credential, set);
                }
            } else {
                try (ExportDocument document = parse(() -> ExportReader.read(content, chosen));
                     Credential credential = mayAskForTheExportsPassphrase(document)
                             ? access.provenCredential(vault -> null) : access.credential()) {
                    if (document.secrets() == SecretsMode.SEALED) {
                        SealedPartCredential sealed = new SealedPartCredential(root.context(), fromKeyFile, fromPassphraseFile);
                        try (ImportSet set = only(ImportSet.of(sealed.unseal(document, file, credential)))) {
                            summary = apply(access, credential, set);
                        }
                    } else {
                        if (fromKeyFile != null || fromPassphraseFile != null) {
                            root.context().err().println("keystash: note: " + file + " holds no sealed secrets; "
                                    + "--from-key-file and --from-passphrase-file are not needed");
                        }
                        try (ImportSet set = only(ImportSet.of(document))) {
                            summary = apply(access, credential, set);
                        }
                    }
                }
            }
        } finally {
            Arrays.fill(content, (byte) 0);
        }
        root.context().err().println("Imported " + file + ": " + summary.describe() + ".");
        List<String> unapproved = summary.unapproved();
        if (!unapproved.isEmpty()) {
            String names = unapproved.size() <= 10 ? String.join(", ", unapproved)
                    : String.join(", ", unapproved.subList(0, 10)) + " and " + (unapproved.size() - 10) + " more (keystash trust --list)";
            root.context().err().println("keystash: note: not approved on this machine, so not run or served until you "
                    + "review and approve them (keystash trust KEY): the commands, endpoint or settings of " + names);
        }
        return 0;
    }

    /**
     * True when the export's secrets may need a passphrase typed for them: then the vault's own
     * credential is proven first, so that passphrase is never typed for a vault that stays locked.
     */
    private boolean mayAskForTheExportsPassphrase(ExportDocument document) {
        return document.secrets() == SecretsMode.SEALED && fromKeyFile == null && fromPassphraseFile == null
                && root.context().terminal().canPrompt();
    }

    private ImportSet only(ImportSet set) throws VaultException {
        if (profile == null) {
            return set;
        }
        try {
            return set.onlyProfile(profile);
        } catch (VaultException | RuntimeException e) {
            set.close();
            throw e;
        }
    }

    private ImportSummary apply(VaultAccess access, Credential credential, ImportSet set) throws VaultException {
        AuditEvent event = AuditEvent.of("import").detail(set.keys().size() + " keys, " + set.profiles().size()
                + " profiles" + (force ? ", --force" : "") + (trustCommands ? ", --trust-commands" : ""));
        if (set.profiles().size() == 1) {
            event.profile(set.profiles().get(0).name());
        }
        return access.store().update(credential, event,
                vault -> Importer.apply(vault, set, force, Actor.current().userAtHost(), trustCommands));
    }

    /** A parse failure names the file: {@code cannot import .env: line 3: …}. */
    private <T> T parse(Parsing<T> parsing) throws VaultException {
        try {
            return parsing.run();
        } catch (VaultException e) {
            if (e.failure() != Failure.INVALID_INPUT) {
                throw e;
            }
            throw new VaultException(Failure.INVALID_INPUT, "cannot import " + file + ": " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Parsing<T> {
        T run() throws VaultException;
    }
}
