package io.keystash.cli;

import io.keystash.cli.remote.RemoteStoreSource;
import io.keystash.cli.terminal.UnlockPrompt;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.audit.AuditEvent;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.UnlockRequest;
import io.keystash.vault.unlock.UnlockSources;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The vault named by the global options, and how to unlock it: vault-core's unlock sources in
 * their order, the last a hidden prompt on the CLI's terminal ({@link UnlockPrompt}).
 */
public final class VaultAccess {
    private final CliContext context;
    private final Path vaultOption;
    private final Path identityOption;
    private final Path keyFileOption;
    private final Path passphraseFileOption;
    private final String passphraseCommandOption;
    private final boolean acceptOlder;
    private final boolean offline;

    VaultAccess(CliContext context, Path vaultOption, Path identityOption, Path keyFileOption, Path passphraseFileOption,
                String passphraseCommandOption, boolean acceptOlder, boolean offline) {
        this.context = context;
        this.vaultOption = vaultOption;
        this.identityOption = identityOption;
        this.keyFileOption = keyFileOption;
        this.passphraseFileOption = passphraseFileOption;
        this.passphraseCommandOption = passphraseCommandOption;
        this.acceptOlder = acceptOlder;
        this.offline = offline;
    }

    public VaultPaths paths() {
        return VaultPaths.resolve(vaultOption, context.environment(), context.userHome());
    }

    /**
     * The vault's store; with {@code --accept-older} it opens a copy older than one seen here.
     * When this vault is the replica of a shared store ({@code keystash remote set}), its writes
     * are published there (the setting is read at the first write: reads never touch it).
     */
    public VaultStore store() {
        VaultPaths paths = paths();
        return VaultStore.at(paths).acceptingOlder(acceptOlder).sharedThrough(new RemoteStoreSource(paths, offline));
    }

    /** True when {@code --offline} was given. */
    public boolean offline() {
        return offline;
    }

    /** True when {@code --accept-older} was given (commands record it in the audit log). */
    public boolean acceptOlder() {
        return acceptOlder;
    }

    /** The unlock options and environment, asking the vault's unlock session when one runs. */
    public UnlockRequest unlockRequest() {
        return new UnlockRequest(identityOption, keyFileOption, passphraseFileOption, passphraseCommandOption, paths(),
                context.environment());
    }

    /**
     * The first unlock source present (a running unlock session among them), else the passphrase
     * typed at a hidden prompt (vault-core's order, the prompt last). The vault must exist (so
     * nobody types a passphrase for nothing).
     * The caller closes the credential.
     */
    public Credential credential() throws VaultException {
        return credential(unlockRequest());
    }

    /** As {@link #credential()}, never from an unlock session: what {@code keystash unlock} hands to a new one. */
    public Credential credentialWithoutSession() throws VaultException {
        return credential(unlockRequest().withoutSession());
    }

    private Credential credential(UnlockRequest request) throws VaultException {
        VaultStore store = store();
        if (!store.exists()) {
            throw new VaultException(Failure.NOT_FOUND, VaultPaths.noVaultMessage(store.paths().vaultFile()));
        }
        return UnlockSources.require(request, store.paths().vaultFile(), UnlockPrompt.on(context.terminal()),
                UnlockSources.CLI_OPTIONS, null);
    }

    /**
     * The credential, proven before anything else is asked: the vault is opened with it and
     * {@code check} runs on it (the name is free, the key exists …), so a value typed next is never
     * thrown away for a wrong passphrase or a taken name. The vault is opened again for the change
     * itself: with a passphrase, that is a second run of its KDF, paid only where a person is about
     * to type. The caller closes the credential.
     */
    public Credential provenCredential(VaultStore.Change<?> check) throws VaultException {
        Credential credential = credential();
        try {
            store().rehearse(credential, check);
            return credential;
        } catch (VaultException | RuntimeException e) {
            credential.close();
            throw e;
        }
    }

    /**
     * As {@link #credential()}, for a vault that may not exist yet (a first pull from a shared
     * store, on a machine that has only an identity).
     */
    public Credential credentialForNewReplica() throws VaultException {
        Optional<Credential> given = UnlockSources.resolve(unlockRequest());
        if (given.isPresent()) {
            return given.get();
        }
        if (!context.terminal().canPrompt()) {
            throw new VaultException(Failure.LOCKED, UnlockSources.noSourceMessage(UnlockSources.CLI_OPTIONS, "or run on a terminal to be asked"));
        }
        return UnlockPrompt.ask(context.terminal(), "Passphrase for the shared vault: ", "vault is locked: no passphrase was typed");
    }

    /** Unlocks, runs a read-only query, and records {@code event} in the audit log. */
    public <T> T read(AuditEvent event, VaultStore.Change<T> query) throws VaultException {
        try (Credential credential = credential()) {
            return store().read(credential, event, query);
        }
    }

    /** Unlocks and applies a change under the write lock; records {@code event} in the audit log. */
    public <T> T update(AuditEvent event, VaultStore.Change<T> change) throws VaultException {
        try (Credential credential = credential()) {
            return store().update(credential, event, change);
        }
    }
}
