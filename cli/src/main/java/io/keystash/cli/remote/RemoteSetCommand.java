package io.keystash.cli.remote;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.remote.config.Remote;
import io.keystash.remote.config.RemoteFile;
import io.keystash.remote.config.RemoteSettings;
import io.keystash.remote.store.SharedVault;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code keystash remote set URL …}: stores the setting in {@code KEYSTASH_HOME/remote} (no vault
 * needed yet), then says what the store holds, if it answers.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Make this machine's vault the replica of an etcd store: etcd://HOST:PORT[,HOST:PORT…]/PREFIX.",
            "Several endpoints are members of one cluster, tried in turn. TLS is used with --tls, --cacert or --cert.",
            "Works before there is a vault: then keystash pull creates the replica."},
        footerHeading = "%nExamples:%n",
        footer = {"  keystash remote set etcd://127.0.0.1:2379/team",
            "  keystash remote set etcd://e1:2379,e2:2379,e3:2379/team --cacert ca.pem --cert me.pem --key me-key.pem",
            "  keystash remote set etcd://e1:2379/team --user keystash --password-file /etc/keystash/etcd.pass"})
public final class RemoteSetCommand implements Callable<Integer> {
    private final Keystash root;

    @Parameters(index = "0", paramLabel = "URL", description = "etcd://HOST:PORT[,HOST:PORT…]/PREFIX")
    String url;

    @Option(names = "--tls", description = "Use HTTPS with the JDK's trusted authorities.")
    boolean tls;

    @Option(names = "--cacert", paramLabel = "FILE", description = "PEM file of the authorities to trust (implies TLS).")
    Path caCert;

    @Option(names = "--cert", paramLabel = "FILE", description = "PEM file of this client's certificate (implies TLS; with --key).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "PEM file of this client's private key, unencrypted.")
    Path key;

    @Option(names = "--user", paramLabel = "NAME", description = "etcd user (with --password-file).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the etcd user's password.")
    Path passwordFile;

    public RemoteSetCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        RemoteSettings settings = RemoteSettings.parse(url, tls, caCert, cert, key, user, passwordFile);
        for (Path file : new Path[] {settings.caCert(), settings.cert(), settings.key(), settings.passwordFile()}) {
            if (file != null && !Files.isReadable(file)) {
                throw new VaultException(Failure.NOT_FOUND, "cannot read " + file + "; nothing was set");
            }
        }
        VaultAccess access = root.vaultAccess();
        Remote remote = new Remote(settings, access.paths().vaultFile());
        RemoteFile.write(access.paths().home(), remote);
        PrintStream err = root.context().err();
        err.println("Shared store set: " + settings.url() + " (replica: " + remote.replica() + ").");
        SharedVault.Status status;
        try {
            status = SharedVault.of(settings).status(RemoteAccess.replica(access));
        } catch (VaultException e) {
            err.println("The store's state is unknown: " + e.getMessage());
            return 0;
        }
        if (!status.reachable()) {
            err.println("The store does not answer now (" + status.problem() + "); writes fail until it does (or use --offline).");
        } else if (status.storeVault() == null) {
            err.println("The store holds no vault yet" + (status.replicaVault() == null ? "." : "; publish this one with: keystash push"));
        } else if (status.replicaVault() == null) {
            err.println("The store holds a vault (generation " + status.storeGeneration() + "); fetch it with: keystash pull");
        } else if (!status.storeVault().equals(status.replicaVault())) {
            err.println("The store holds another vault than this one (id " + status.storeVault() + "); keystash pull refuses it,"
                    + " keystash push --force would replace it.");
        } else {
            err.println("The store holds this vault at generation " + status.storeGeneration() + " (this replica: "
                    + status.replicaGeneration() + "); keystash sync brings both together.");
        }
        return 0;
    }
}
