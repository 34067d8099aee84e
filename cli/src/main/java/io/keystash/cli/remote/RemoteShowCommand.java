package io.keystash.cli.remote;

import io.keystash.cli.Keystash;
import io.keystash.remote.config.Remote;
import io.keystash.remote.config.RemoteFile;
import io.keystash.remote.config.RemoteSettings;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code keystash remote show}: the stored setting (file names only, never a password). */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the shared store this machine's vault follows.")
public final class RemoteShowCommand implements Callable<Integer> {
    private final Keystash root;

    public RemoteShowCommand(Keystash root) {
        this.root = root;
    }

    @Override
    public Integer call() throws VaultException {
        Remote remote = RemoteFile.read(root.vaultAccess().paths().home()).orElseThrow(() -> new VaultException(
                Failure.NOT_FOUND, "no shared store is set (set one with: keystash remote set etcd://HOST:PORT/PREFIX)"));
        RemoteSettings store = remote.store();
        PrintStream out = root.context().out();
        out.println("url            " + store.url());
        out.println("replica        " + remote.replica());
        out.println("tls            " + (store.tls() ? "on" : "off"));
        if (store.caCert() != null) {
            out.println("cacert         " + store.caCert());
        }
        if (store.cert() != null) {
            out.println("cert           " + store.cert());
            out.println("key            " + store.key());
        }
        if (store.user() != null) {
            out.println("user           " + store.user());
            out.println("password-file  " + store.passwordFile());
        }
        return 0;
    }
}
