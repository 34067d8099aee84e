package io.keystash.cli.doctor;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.remote.config.Remote;
import io.keystash.remote.config.RemoteFile;
import io.keystash.remote.store.SharedVault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.health.Finding;
import io.keystash.vault.state.SyncAge;
import io.keystash.vault.storage.VaultPaths;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared vault's lines of the check-up: whether a shared store is set for this vault, whether
 * it answers, and how far the local replica lags behind it (generations behind, the last sync,
 * changes made offline and not published). Reads the store and the replica, as
 * {@code keystash remote status} does; never changes either, and with {@code --offline} does not
 * contact the store.
 */
final class RemoteCheck {
    static final String AREA = "remote";

    private RemoteCheck() {
    }

    static List<Finding> check(Keystash root) {
        VaultAccess access = root.vaultAccess();
        VaultPaths paths = access.paths();
        Remote remote;
        try {
            remote = RemoteFile.read(paths.home()).orElse(null);
        } catch (VaultException e) {
            return List.of(Finding.fix(AREA, e.getMessage()));
        }
        if (remote == null) {
            return List.of(Finding.note(AREA, "no shared store: the vault lives on this machine only "
                    + "(share it with: keystash remote set etcd://HOST:PORT/PREFIX)"));
        }
        if (!remote.replicates(paths.vaultFile())) {
            return List.of(Finding.note(AREA, "the shared store " + remote.store().url() + " is set for vault "
                    + remote.replica() + ", not this one (" + paths.vaultFile() + ")"));
        }
        if (access.offline()) {
            return List.of(Finding.note(AREA, "shared store " + remote.store().url() + " not contacted (--offline)"));
        }
        SharedVault.Status status;
        try {
            status = SharedVault.of(remote.store()).status(VaultStore.at(paths));
        } catch (VaultException e) {
            return List.of(Finding.fix(AREA, e.getMessage()));
        }
        return findings(status, Instant.now());
    }

    /** What {@code status} needs doing, as findings; one ok line when the replica is up to date. */
    static List<Finding> findings(SharedVault.Status status, Instant now) {
        List<Finding> findings = new ArrayList<>();
        String synced = status.lastSync() == null ? "never synced"
                : "last synced " + SyncAge.describe(Duration.between(status.lastSync(), now)) + " ago";
        if (!status.reachable()) {
            findings.add(Finding.fix(AREA, "shared store " + status.url() + " does not answer (" + status.problem()
                    + "); the replica was " + synced + "; check the store and the network, then: keystash remote status"));
        } else if (status.storeVault() == null) {
            findings.add(Finding.fix(AREA, "shared store " + status.url() + " holds no copy of the vault yet; "
                    + "publish it with: keystash push"));
        } else if (status.replicaVault() == null) {
            findings.add(Finding.fix(AREA, "no replica of the shared store " + status.url() + " here yet; "
                    + "get it with: keystash pull"));
        } else if (!status.storeVault().equals(status.replicaVault())) {
            findings.add(Finding.fix(AREA, "the shared store " + status.url() + " holds another vault than this one; "
                    + "see both with: keystash remote status"));
        } else if (status.behind() > 0) {
            findings.add(Finding.fix(AREA, "the replica is " + status.behind() + " generation" + (status.behind() == 1 ? "" : "s")
                    + " behind the shared store " + status.url() + " (" + synced + "); catch up with: keystash pull"));
        } else {
            findings.add(Finding.ok(AREA, "shared store " + status.url() + ": the replica is up to date (" + synced + ")"));
        }
        if (status.unpublished()) {
            findings.add(Finding.fix(AREA, "changes made offline are not in the shared store yet; publish them with: "
                    + "keystash push"));
        }
        return findings;
    }
}
