package io.keystash.cli.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.cli.terminal.JsonOutput;
import io.keystash.remote.config.Remote;
import io.keystash.remote.store.SharedVault;
import io.keystash.vault.VaultException;
import io.keystash.vault.state.SyncAge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code keystash remote status [--json]}: the store's revision and generation, the replica's,
 * the last successful sync and how far behind the replica is. Works offline (then it says how
 * stale the replica may be); changes nothing.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the replica against the shared store: store revision and generation, the replica's "
                + "generation, the last successful sync, how far behind it is, unpublished changes."})
public final class RemoteStatusCommand implements Callable<Integer> {
    private final Keystash root;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    public RemoteStatusCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        VaultAccess access = root.vaultAccess();
        Remote remote = RemoteAccess.required(access);
        SharedVault.Status status = RemoteAccess.shared(remote).status(RemoteAccess.replica(access));
        Instant now = Instant.now();
        if (json) {
            ObjectNode out = JsonOutput.object();
            out.put("store", status.url()).put("reachable", status.reachable()).put("problem", status.problem());
            out.put("storeRevision", status.storeRevision());
            putGeneration(out, "storeGeneration", status.storeGeneration());
            out.put("storeVault", status.storeVault() == null ? null : status.storeVault().hex());
            out.put("replica", remote.replica().toString());
            putGeneration(out, "replicaGeneration", status.replicaGeneration());
            out.put("replicaVault", status.replicaVault() == null ? null : status.replicaVault().hex());
            out.put("lastSync", status.lastSync() == null ? null : status.lastSync().toString());
            if (status.lastSync() == null) {
                out.putNull("lastSyncAgeSeconds");
            } else {
                out.put("lastSyncAgeSeconds", Duration.between(status.lastSync(), now).getSeconds());
            }
            if (status.behind() < 0) {
                out.putNull("behind");
            } else {
                out.put("behind", status.behind());
            }
            out.put("unpublished", status.unpublished());
            JsonOutput.print(root.context().out(), out);
            return 0;
        }
        PrintStream out = root.context().out();
        out.println("store        " + status.url() + (status.reachable() ? " (revision " + status.storeRevision() + ")"
                : " (unreachable: " + status.problem() + ")"));
        if (status.reachable()) {
            out.println("store copy   " + (status.storeVault() == null ? "none (publish with: keystash push)"
                    : "generation " + status.storeGeneration()));
        }
        out.println("replica      " + remote.replica() + (status.replicaVault() == null ? " (none yet: keystash pull)"
                : ", generation " + status.replicaGeneration() + behind(status)));
        out.println("last sync    " + (status.lastSync() == null ? "never"
                : status.lastSync() + " (" + SyncAge.describe(Duration.between(status.lastSync(), now)) + " ago)"));
        if (status.unpublished()) {
            out.println("unpublished  changes made offline (publish with: keystash push)");
        }
        return 0;
    }

    private static String behind(SharedVault.Status status) {
        if (status.storeVault() != null && status.replicaVault() != null && !status.storeVault().equals(status.replicaVault())) {
            return " (another vault than the store's)";
        }
        long behind = status.behind();
        return behind < 0 ? "" : behind == 0 ? " (up to date)" : " (" + behind + " behind)";
    }

    private static void putGeneration(ObjectNode out, String name, long generation) {
        if (generation < 0) {
            out.putNull(name);
        } else {
            out.put(name, generation);
        }
    }
}
