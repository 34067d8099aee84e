package io.keystash.cli.members;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** identity create/show, member add/list/remove, keyfile remove, passwd's rekey, --accept-older. */
class MemberCommandsTest {
    @TempDir
    Path folder;

    private CliHarness alice;

    @BeforeEach
    void aliceHasAVaultWithAKey() {
        alice = CliHarness.withVault(folder);
        alice.store("openai", "sk-openai-1");
        alice.store("hf", "hf-1");
    }

    /** bob's machine: its own KEYSTASH_HOME, the same vault file, no key file. */
    private CliHarness bob() {
        CliHarness bob = new CliHarness(folder.resolve("bob"));
        bob.env("KEYSTASH_VAULT", alice.vaultFile().toString());
        return bob;
    }

    private String newIdentity(CliHarness machine) {
        Result created = machine.run("identity", "create");
        assertThat(created.status()).as(created.toString()).isZero();
        return created.out().strip();
    }

    @Test
    void identityCreateWritesAPrivateFileAndShowPrintsItsRecipientAlone() throws Exception {
        CliHarness bob = bob();
        String recipient = newIdentity(bob);
        assertThat(recipient).startsWith("keystash1").hasSize(67);
        Path file = bob.home().resolve("identity");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("KEYSTASH-SECRET-KEY-1").contains(recipient);
        Result shown = bob.run("identity", "show");
        assertThat(shown.out()).isEqualTo(recipient + System.lineSeparator());
        Result again = bob.run("identity", "create");
        assertThat(again.status()).isEqualTo(5);
        assertThat(Files.readString(file)).contains(recipient);
    }

    @Test
    void aMemberAddedByRecipientUnlocksWithItsIdentityAndAMistypedRecipientIsRefused() throws Exception {
        CliHarness bob = bob();
        String recipient = newIdentity(bob);
        byte[] before = alice.vaultBytes();
        char last = recipient.charAt(recipient.length() - 1);
        String typo = recipient.substring(0, recipient.length() - 1) + (last == 'q' ? 'p' : 'q');
        Result refused = alice.run("member", "add", "bob", typo);
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).startsWith("keystash: not a Keystash recipient").contains("checksum").doesNotContain(typo);
        assertThat(alice.vaultBytes()).isEqualTo(before);

        assertThat(alice.run("member", "add", "bob", recipient).status()).isZero();
        Result got = bob.run("--identity", bob.home().resolve("identity").toString(), "get", "openai");
        assertThat(got.status()).as(got.toString()).isZero();
        assertThat(CliHarness.sha256(got.out().strip())).isEqualTo(CliHarness.sha256("sk-openai-1"));
        bob.env("KEYSTASH_IDENTITY", bob.home().resolve("identity").toString());
        assertThat(bob.run("get", "hf").status()).isZero();

        Result list = alice.run("member", "list", "--json");
        JsonNode members = new ObjectMapper().readTree(list.out());
        assertThat(members).hasSize(2);
        assertThat(members.get(1).path("name").asText()).isEqualTo("bob");
        assertThat(members.get(1).path("kind").asText()).isEqualTo("identity");
        assertThat(members.get(0).path("you").asBoolean()).isTrue();
        assertThat(alice.run("member", "list").out()).contains("bob").contains("identity").contains("SHA256:");
    }

    @Test
    void removingAMemberRekeysListsWhatItCouldReadAndReportKeepsThemUntilRotated() throws Exception {
        CliHarness bob = bob();
        String recipient = newIdentity(bob);
        alice.run("member", "add", "bob", recipient);
        bob.env("KEYSTASH_IDENTITY", bob.home().resolve("identity").toString());

        Result removed = alice.run("member", "remove", "bob", "--yes");
        assertThat(removed.status()).as(removed.toString()).isZero();
        assertThat(removed.err()).contains("rekeyed").contains("could read 2 keys").contains("hf, openai");
        assertThat(removed.out()).isEmpty();
        Result refused = bob.run("get", "openai");
        assertThat(refused.status()).isEqualTo(3);
        assertThat(refused.out()).isEmpty();

        JsonNode report = new ObjectMapper().readTree(alice.run("report", "--json").out());
        assertThat(report.path("exposures")).hasSize(1);
        assertThat(report.path("exposures").get(0).path("keys")).hasSize(2);
        alice.runWithInput("sk-openai-2", "rotate", "openai");
        report = new ObjectMapper().readTree(alice.run("report", "--json").out());
        assertThat(report.path("exposures").get(0).path("keys")).hasSize(1);
        assertThat(alice.run("report").out()).contains("removed members could read").contains("hf");

        assertThat(alice.run("audit").out()).contains("member.remove");
        Result verify = alice.run("audit", "--verify");
        assertThat(verify.status()).as(verify.out()).isZero();
    }

    @Test
    void theLastWayInCannotBeRemoved() throws Exception {
        byte[] before = alice.vaultBytes();
        Result result = alice.run("member", "remove", "key-file", "--yes");
        assertThat(result.status()).isEqualTo(5);
        assertThat(result.err()).contains("last way into the vault");
        assertThat(alice.vaultBytes()).isEqualTo(before);
        assertThat(alice.run("member", "remove", "nobody", "--yes").status()).isEqualTo(4);
    }

    @Test
    void keyfileCreateNamesTheMemberAndKeyfileRemoveRevokesIt() {
        Path ci = folder.resolve("ci.key");
        Result created = alice.run("keyfile", "create", ci.toString());
        assertThat(created.status()).as(created.toString()).isZero();
        assertThat(created.err()).contains("'ci'");
        CliHarness runner = bob().env("KEYSTASH_KEY_FILE", ci.toString());
        assertThat(runner.run("get", "openai").status()).isZero();
        Result removed = alice.run("keyfile", "remove", "ci", "--yes");
        assertThat(removed.status()).as(removed.toString()).isZero();
        assertThat(runner.run("get", "openai").status()).isEqualTo(3);
        assertThat(alice.run("keyfile", "remove", "key-file", "--yes").status())
                .as("the last way in, even by its kind's command").isEqualTo(5);
    }

    @Test
    void anOlderCopyIsRefusedUntilAcceptOlder() throws Exception {
        byte[] old = alice.vaultBytes();
        alice.runWithInput("sk-openai-2", "rotate", "openai");
        Files.write(alice.vaultFile(), old);
        Result refused = alice.run("get", "openai");
        assertThat(refused.status()).isEqualTo(3);
        assertThat(refused.err()).contains("older than a copy this machine has already opened").contains("--accept-older");
        assertThat(refused.out()).isEmpty();
        Result accepted = alice.run("--accept-older", "get", "openai");
        assertThat(accepted.status()).isZero();
        assertThat(CliHarness.sha256(accepted.out().strip())).isEqualTo(CliHarness.sha256("sk-openai-1"));
    }
}
