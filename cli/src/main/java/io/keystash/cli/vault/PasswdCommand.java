package io.keystash.cli.vault;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.members.MemberRemoval;
import io.keystash.cli.terminal.SecretInput;
import io.keystash.vault.VaultException;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.format.SlotKind;
import io.keystash.vault.session.SessionClient;
import io.keystash.vault.session.SessionPlace;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.Passphrase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code keystash passwd}: a new passphrase (and KDF) for the vault, and a rekey so that the old
 * passphrase opens nothing written afterwards; other members keep working.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Change the vault passphrase and/or its KDF, and rekey the vault.", "Unlocks as usual, then takes the new passphrase from standard input, or asks "
                + "twice on a terminal. Other members (key files, identities) keep working. The rekey makes a new data key, "
                + "so the old passphrase opens nothing written afterwards, even with an older copy of the vault; "
                + "--no-rekey only re-wraps the current data key."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash passwd",
            "  keystash passwd --kdf pbkdf2",
            "  printf %%s \"$NEW\" | API_KEY_MASTER=\"$OLD\" keystash passwd"})
public final class PasswdCommand implements Callable<Integer> {
    private static final String NO_PASSPHRASE = "no new passphrase: pipe it into standard input or run on a terminal to be asked";

    private final Keystash root;

    @Option(names = "--kdf", paramLabel = "KDF", defaultValue = "argon2id",
            description = "Passphrase KDF: argon2id (default) or pbkdf2 (600,000 iterations).")
    KdfChoice kdf;

    @Option(names = "--no-rekey", description = "Only re-wrap the current data key (the old passphrase then still opens any copy of the vault, and every later one combined with an old header).")
    boolean noRekey;

    @Option(names = "--purge-backups", description = "Also delete the vault's backups, which still open with the old passphrase.")
    boolean purgeBackups;

    public PasswdCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        VaultAccess access = root.vaultAccess();
        // A new passphrase about to be typed twice: the current one is proven first, so a typo in it costs no more.
        boolean typed = root.context().terminal().stdinIsTerminal();
        try (Credential current = typed ? access.provenCredential(vault -> null) : access.credential();
             Passphrase replacement = new SecretInput(root.context().in(), root.context().terminal())
                     .newPassphrase("vault passphrase", NO_PASSPHRASE)) {
            access.store().update(current, AuditEvent.of("passwd").detail(kdf.params().describe()
                    + (noRekey ? ", no rekey" : ", rekeyed")), vault -> {
                vault.replacePassphrase(replacement, kdf.params(), !noRekey);
                return null;
            });
        }
        root.context().err().println("Passphrase changed (" + kdf.params().describe() + ")"
                + (noRekey ? "; the data key stays, so the old passphrase still opens copies taken before." : " and the vault rekeyed."));
        if (!noRekey) {
            MemberRemoval.afterRekey(root, purgeBackups, "the old passphrase");
        }
        endPassphraseSession(access);
        return 0;
    }

    /**
     * A running unlock session that holds the old passphrase's key opens nothing any more (the new
     * passphrase slot has a new salt): it is ended, and the user told to unlock again.
     */
    private void endPassphraseSession(VaultAccess access) {
        try (SessionClient session = SessionClient.connect(SessionPlace.of(access.paths(), root.context().environment()))) {
            if (session != null && session.status().kind() == SlotKind.PASSPHRASE) {
                session.stop();
                root.context().err().println("Ended the unlock session, which held the old passphrase's key; "
                        + "unlock again with the new one: keystash unlock");
            }
        } catch (VaultException e) {
            root.context().err().println("keystash: note: the unlock session was not checked: " + e.getMessage());
        }
    }
}
