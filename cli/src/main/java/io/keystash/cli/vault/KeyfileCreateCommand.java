package io.keystash.cli.vault;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.KeyFileKey;
import io.keystash.vault.model.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code keystash keyfile create FILE}: writes a new key file and adds a slot that it opens. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Write a new random key to FILE (0600; refused if it exists) and let it unlock "
                + "the vault.", "Then: keystash --key-file FILE ..., KEYSTASH_KEY_FILE=FILE, or the agent's "
                + "keyfile=FILE."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash keyfile create ~/.keystash/app.key",
            "  java $(keystash --key-file ~/.keystash/app.key agent-line) -jar app.jar"})
public final class KeyfileCreateCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "FILE", description = "The new key file.")
    Path file;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Its member name (default: the file's name without extension, e.g. ci for ci.key).")
    String name;

    public KeyfileCreateCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        String memberName = name != null ? name : KeyFileNames.memberNameFor(file);
        Names.requireMemberName(memberName);
        KeyFileNames.requireNew(file, "keystash keyfile create");
        VaultAccess access = root.vaultAccess();
        try (Credential current = access.credential(); KeyFileKey key = KeyFileKey.generate()) {
            key.writeNew(file);
            try {
                access.store().update(current, AuditEvent.of("keyfile.create").detail("key file " + memberName), vault -> {
                    vault.addMember(memberName, key);
                    return null;
                });
            } catch (VaultException | RuntimeException e) {
                deleteQuietly(file); // a key that opens nothing
                throw e;
            }
        }
        root.context().err().println("Key file " + file.toAbsolutePath() + " now unlocks the vault, as member "
                + Names.quote(memberName) + " (remove it with: keystash keyfile remove " + memberName + ").");
        return 0;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the original failure matters more
        }
    }
}
