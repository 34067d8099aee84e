package io.keystash.it.shared;

import io.keystash.it.support.EtcdCluster;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import io.keystash.it.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared vault on an etcd member that speaks TLS only, requires a client certificate from its
 * authority, and has authentication on (a user allowed under the prefix only): the CLI connects
 * with PEM files and a password file, and is refused, in one line and without the password, when
 * one of them is missing or wrong.
 */
class SecuredStoreIT {
    private static final String PASSWORD = "etcd-password-for-the-it";

    @TempDir
    Path folder;

    @Test
    void aStoreBehindTlsClientCertificatesAndAPasswordIsUsableOnlyWithAllThree() throws Exception {
        TestCertificates certs = TestCertificates.create(folder.resolve("pki"));
        Path passwordFile = Files.writeString(folder.resolve("etcd.pass"), PASSWORD + "\n");
        Path wrongPassword = Files.writeString(folder.resolve("wrong.pass"), "not-the-password\n");
        for (Path file : List.of(passwordFile, wrongPassword)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        List<Result> everything = new ArrayList<>();
        try (EtcdCluster cluster = EtcdCluster.start("secured-it", 1, certs)) {
            cluster.enableAuth("keystash", PASSWORD, "team/");
            String url = cluster.url("team");
            List<String> secured = List.of("--cacert", certs.caCert().toString(), "--cert", certs.clientCert().toString(),
                    "--key", certs.clientKey().toString(), "--user", "keystash", "--password-file", passwordFile.toString());

            KeystashCli alice = KeystashCli.withVault(folder.resolve("alice"));
            Result set = record(everything, alice.run(remoteSet(url, secured)));
            assertThat(set.status()).as(set.toString()).isZero();
            assertThat(set.err()).contains("holds no vault yet");
            ok(everything, alice.run("push"));
            ok(everything, alice.runWithInput("over-tls", "store", "k"));
            assertThat(ok(everything, alice.run("remote", "show")).out()).contains("user           keystash")
                    .contains(passwordFile.toString());

            KeystashCli bob = new KeystashCli(Files.createDirectories(folder.resolve("bob")));
            String recipient = ok(everything, bob.run("identity", "create")).out().strip();
            ok(everything, alice.run("member", "add", "bob", recipient));
            ok(everything, bob.run(remoteSet(url, secured)));
            bob.env("KEYSTASH_IDENTITY", bob.home().resolve("identity").toString());
            ok(everything, bob.run("pull"));
            assertThat(ok(everything, bob.run("get", "k")).out().strip()).isEqualTo("over-tls");

            // a wrong password: refused by etcd, status 3, the replica untouched
            KeystashCli carol = KeystashCli.withVault(folder.resolve("carol"));
            List<String> wrong = new ArrayList<>(secured);
            wrong.set(wrong.size() - 1, wrongPassword.toString());
            ok(everything, carol.run(remoteSet(url, wrong)));
            Result refused = record(everything, carol.run("push"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.err()).contains("refused user keystash");
            assertThat(refused.err().strip().lines().count()).isEqualTo(1);

            // no client certificate: the TLS handshake fails
            List<String> noCertificate = List.of("--cacert", certs.caCert().toString(), "--user", "keystash",
                    "--password-file", passwordFile.toString());
            ok(everything, carol.run(remoteSet(url, noCertificate)));
            Result noCert = record(everything, carol.run("push"));
            assertThat(noCert.status()).as(noCert.toString()).isEqualTo(6);

            // the JDK's trusted authorities only: the server's certificate is not trusted
            List<String> jdkTrust = List.of("--tls", "--cert", certs.clientCert().toString(), "--key", certs.clientKey().toString(),
                    "--user", "keystash", "--password-file", passwordFile.toString());
            ok(everything, bob.run(remoteSet(url, jdkTrust)));
            Result untrusted = record(everything, bob.run("pull"));
            assertThat(untrusted.status()).as(untrusted.toString()).isEqualTo(6);
            assertThat(untrusted.err()).contains("TLS");
            assertThat(ok(everything, bob.run("get", "k")).out().strip()).as("reads go on from the replica").isEqualTo("over-tls");
        }
        for (Result result : everything) {
            assertThat(result.out() + result.err()).as("no output holds the etcd password").doesNotContain(PASSWORD);
        }
    }

    private static String[] remoteSet(String url, List<String> options) {
        List<String> args = new ArrayList<>(List.of("remote", "set", url));
        args.addAll(options);
        return args.toArray(new String[0]);
    }

    private static Result record(List<Result> all, Result result) {
        all.add(result);
        return result;
    }

    private static Result ok(List<Result> all, Result result) {
        all.add(result);
        assertThat(result.status()).as(result.toString()).isZero();
        return result;
    }
}
