package io.keystash.it.members;

import io.keystash.it.agent.programs.EnvProbe;
import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Hashes;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.Jdks;
import io.keystash.it.support.KeystashCli;
import io.keystash.it.support.KeystashCli.Result;
import io.keystash.it.support.ProcessResult;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members and revocation as a team meets them, with the real launcher and the real agent jar, on
 * each JDK found: alice makes a vault with a passphrase and adds bob and a server by their
 * identities; bob's CLI and the server's JVM serve the keys with no passphrase anywhere; bob is
 * removed, and neither the new vault nor his copy of the old one gives him a key stored after; an
 * older copy restored over the vault is refused until {@code --accept-older}, which is audited.
 * Each machine is a {@code KEYSTASH_HOME} of its own; they share the vault file, as a copied vault.
 */
class TeamMembersIT {
    private static final String ALICE_PASSPHRASE = "alice: correct horse battery staple";
    private static final String OPENAI = "sk-team-openai-1234567890";
    private static final String LATER = "sk-stored-after-bob-left";

    @TempDir
    Path folder;

    static List<Jdk> jdks() {
        return Jdks.matrix();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aliceAddsBobAndAServerThenRemovesBob(Jdk jdk) throws Exception {
        Jdks.assumePresent(jdk);
        Path passphraseFile = folder.resolve("alice.pass");
        Files.writeString(passphraseFile, ALICE_PASSPHRASE);
        KeystashCli alice = machine("alice", jdk).env("API_KEY_MASTER_FILE", passphraseFile.toString());
        ok(alice.run("init", "--kdf", "pbkdf2"));
        ok(alice.runWithInput(OPENAI, "store", "openai", "--provider", "openai"));
        ok(alice.run("profile", "create", "prod"));
        ok(alice.run("profile", "add-key", "prod", "openai"));

        KeystashCli bob = machine("bob", jdk).env("KEYSTASH_VAULT", alice.vaultFile().toString());
        String bobRecipient = ok(bob.run("identity", "create")).out().strip();
        KeystashCli server = machine("server", jdk).env("KEYSTASH_VAULT", alice.vaultFile().toString());
        Path serverIdentity = server.home().resolve("identity"); // the default: it makes the server's KEYSTASH_HOME
        String serverRecipient = ok(server.run("identity", "create")).out().strip();

        ok(alice.run("member", "add", "bob", bobRecipient));
        ok(alice.run("member", "add", "web-1", serverRecipient));
        Result members = ok(alice.run("member", "list"));
        assertThat(members.out()).contains("passphrase").contains("bob").contains("web-1");

        bob.env("KEYSTASH_IDENTITY", bob.home().resolve("identity").toString());
        assertThat(Hashes.sha256Hex(ok(bob.run("get", "openai")).out().strip())).isEqualTo(Hashes.sha256Hex(OPENAI));
        assertNoUnlockVariable(bob.environment());

        ProcessResult served = serverJvm(jdk, server, serverIdentity, alice.vaultFile());
        assertThat(served.exitCode()).as(served.toString()).isZero();
        assertThat(served.report().get("getenv.OPENAI_API_KEY")).isEqualTo(Hashes.of(OPENAI));
        assertThat(served.stdout() + served.stderr()).doesNotContain(OPENAI).doesNotContain(ALICE_PASSPHRASE);

        // bob keeps a copy of the vault as it is now
        Path bobsCopy = bob.folder().resolve("copy.vault");
        Files.copy(alice.vaultFile(), bobsCopy, StandardCopyOption.COPY_ATTRIBUTES);

        Result removed = ok(alice.run("member", "remove", "bob", "--yes"));
        assertThat(removed.err()).contains("rekeyed").contains("openai");
        ok(alice.runWithInput(LATER, "store", "later"));

        Result refused = bob.run("get", "openai");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.out()).isEmpty();
        Result fromCopy = bob.run("--vault", bobsCopy.toString(), "--accept-older", "get", "later");
        assertThat(fromCopy.status()).as("his old copy does not hold what was stored after").isEqualTo(4);
        assertThat(fromCopy.out()).isEmpty();

        ProcessResult stillServed = serverJvm(jdk, server, serverIdentity, alice.vaultFile());
        assertThat(stillServed.report().get("getenv.OPENAI_API_KEY")).as("the server stays a member").isEqualTo(Hashes.of(OPENAI));

        // an older copy restored over the vault: refused until --accept-older, which the audit log records
        Files.copy(bobsCopy, alice.vaultFile(), StandardCopyOption.REPLACE_EXISTING);
        Result older = alice.run("get", "openai");
        assertThat(older.status()).isEqualTo(3);
        assertThat(older.err()).contains("older than a copy this machine has already opened").contains("--accept-older");
        ProcessResult olderForTheServer = serverJvm(jdk, server, serverIdentity, alice.vaultFile());
        assertThat(olderForTheServer.exitCode()).as("the agent refuses the older copy too").isEqualTo(78);
        assertThat(olderForTheServer.report()).doesNotContainKey("main");
        ok(alice.run("--accept-older", "get", "openai"));
        assertThat(ok(alice.run("audit")).out()).contains("get");
        assertThat(ok(alice.run("audit", "--json")).out()).contains("with --accept-older");
    }

    private static ProcessResult serverJvm(Jdk jdk, KeystashCli server, Path identity, Path vault) {
        return JavaLaunch.on(jdk)
                .agent(Artifacts.agentJar(), "profile=prod,vault=" + vault + ",identity=" + identity)
                .env("KEYSTASH_HOME", server.home().toString())
                .classPath(Artifacts.testClasses())
                .main(EnvProbe.class, "OPENAI_API_KEY")
                .run();
    }

    private KeystashCli machine(String name, Jdk jdk) throws Exception {
        KeystashCli cli = new KeystashCli(Files.createDirectories(folder.resolve(name)));
        cli.env("JAVA_HOME", jdk.home().toString());
        return cli;
    }

    private static Result ok(Result result) {
        assertThat(result.status()).as(result.toString()).isZero();
        return result;
    }

    private static void assertNoUnlockVariable(Map<String, String> environment) {
        assertThat(environment).doesNotContainKeys("API_KEY_MASTER", "API_KEY_MASTER_FILE", "KEYSTASH_KEY_FILE");
    }
}
