package io.keystash.cli.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keystash.cli.CliHarness;
import io.keystash.cli.CliHarness.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.keystash.cli.CliHarness.sha256;
import static org.assertj.core.api.Assertions.assertThat;

class ProfileCommandsTest {
    @TempDir
    Path folder;
    CliHarness cli;

    @BeforeEach
    void vault() {
        cli = CliHarness.withVault(folder);
        cli.store("openai", "sk-profiletest0123456789abcdef", "--provider", "openai");
        cli.store("billing", "billing-secret", "--property", "billing.token");
    }

    @Test
    void createAddShowListRemoveDelete() throws Exception {
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        assertThat(cli.run("profile", "add-key", "dev", "openai").err()).contains("as OPENAI_API_KEY");
        assertThat(cli.run("profile", "add-key", "dev", "billing", "--env", "BILLING_TOKEN").status()).isZero();

        Result show = cli.run("profile", "show", "dev");
        assertThat(show.out()).contains("KEY").contains("openai").contains("OPENAI_API_KEY").contains("BILLING_TOKEN");
        assertThat(show.out()).doesNotContain("billing-secret");
        JsonNode json = new ObjectMapper().readTree(cli.run("profile", "show", "dev", "--json").out());
        assertThat(json.get("bindings")).hasSize(2);
        assertThat(json.get("bindings").get(1).get("env").asText()).isEqualTo("BILLING_TOKEN");

        assertThat(cli.run("profile", "list").out()).contains("dev").contains("openai, billing");
        assertThat(new ObjectMapper().readTree(cli.run("profile", "list", "--json").out()).get(0).get("name").asText()).isEqualTo("dev");

        assertThat(cli.run("profile", "remove-key", "dev", "openai").status()).isZero();
        assertThat(cli.run("profile", "show", "dev").out()).doesNotContain("OPENAI_API_KEY");
        assertThat(cli.run("get", "openai").status()).isZero();
        assertThat(cli.run("profile", "delete", "dev").status()).isZero();
        assertThat(cli.run("profile", "show", "dev").status()).isEqualTo(4);
        assertThat(Files.exists(cli.vaultFile())).isTrue();
    }

    @Test
    void aDescriptionIsShownByListAndShowAndInTheirJson() throws Exception {
        assertThat(cli.run("profile", "create", "production", "--description", "Production keys").status()).isZero();
        assertThat(cli.run("profile", "create", "dev").status()).isZero();
        cli.run("profile", "add-key", "production", "openai");

        String list = cli.run("profile", "list").out();
        assertThat(list.lines().findFirst()).hasValue("PROFILE     KEYS    DESCRIPTION");
        assertThat(list).contains("production  openai  Production keys").contains("dev         -       -");
        JsonNode listed = new ObjectMapper().readTree(cli.run("profile", "list", "--json").out());
        assertThat(listed.get(1).get("name").asText()).isEqualTo("production");
        assertThat(listed.get(1).get("description").asText()).isEqualTo("Production keys");
        assertThat(listed.get(0).get("description").isNull()).isTrue();

        assertThat(cli.run("profile", "show", "production").out()).startsWith("Description: Production keys\n");
        assertThat(cli.run("profile", "show", "dev").out()).doesNotContain("Description");
        JsonNode shown = new ObjectMapper().readTree(cli.run("profile", "show", "production", "--json").out());
        assertThat(shown.get("description").asText()).isEqualTo("Production keys");
    }

    @Test
    void addKeyWithAProviderBindsThatProvidersNames() {
        cli.run("profile", "create", "dev");
        Result added = cli.run("profile", "add-key", "dev", "billing", "--provider", "openai");
        assertThat(added.status()).as(added.toString()).isZero();
        assertThat(added.err()).contains("now serves 'billing' as OPENAI_API_KEY.").doesNotContain("only");
        assertThat(cli.run("profile", "show", "dev", "--json").out()).contains("\"env\" : \"OPENAI_API_KEY\"");
    }

    @Test
    void addKeyWithAProviderFallsBackToTheVaultsOnlyKeyOfThatProvider() {
        cli.run("profile", "create", "production");
        Result added = cli.run("profile", "add-key", "production", "openai_key", "--service", "openai");
        assertThat(added.status()).as(added.toString()).isZero();
        assertThat(added.err()).contains("No key named 'openai_key'; bound 'openai', the vault's only openai key.")
                .contains("now serves 'openai' as OPENAI_API_KEY.");
        assertThat(cli.run("audit", "--json").out()).contains("\"op\" : \"profile.add-key\",\n  \"key\" : \"openai\"");
    }

    @Test
    void addKeyWithAProviderAndNoOrSeveralKeysOfItBindsNothing() throws Exception {
        cli.run("profile", "create", "production");
        byte[] before = cli.vaultBytes();
        Result none = cli.run("profile", "add-key", "production", "claude_key", "--provider", "anthropic");
        assertThat(none.status()).isEqualTo(4);
        assertThat(none.err().strip()).isEqualTo("keystash: no key named 'claude_key' and no anthropic key in the vault; "
                + "store it with: keystash store claude_key --provider anthropic");
        assertThat(cli.vaultBytes()).isEqualTo(before);
        cli.store("openai-2", "sk-profiletest0123456789abcdeg", "--provider", "openai");
        before = cli.vaultBytes();
        Result several = cli.run("profile", "add-key", "production", "openai_key", "--provider", "openai");
        assertThat(several.status()).isEqualTo(4);
        assertThat(several.err().strip()).contains("the vault has 2 openai keys ('openai', 'openai-2')")
                .endsWith("store it with: keystash store openai_key --provider openai").doesNotContain("\n");
        assertThat(cli.vaultBytes()).isEqualTo(before);
    }

    @Test
    void bindingAVariableTwiceIsAConflict() {
        cli.run("profile", "create", "dev");
        cli.run("profile", "add-key", "dev", "openai");
        Result twice = cli.run("profile", "add-key", "dev", "billing", "--env", "OPENAI_API_KEY");
        assertThat(twice.status()).isEqualTo(5);
        assertThat(twice.err()).contains("already serves OPENAI_API_KEY");
    }

    @Test
    void keyWithoutDefaultsNeedsEnvOrProperty() {
        cli.store("plain", "v");
        cli.run("profile", "create", "dev");
        Result result = cli.run("profile", "add-key", "dev", "plain");
        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("--env VAR or --property PROP");
    }

    @Test
    void exportLinesSurviveAnyValueThroughARealShell() throws Exception {
        String nasty = "it's $HOME `date` \"quoted\" back\\slash\nsecond line 'end'";
        cli.store("nasty", nasty, "--env", "NASTY");
        cli.run("profile", "create", "dev");
        cli.run("profile", "add-key", "dev", "nasty");
        cli.run("profile", "add-key", "dev", "billing");
        Result load = cli.run("profile", "load", "dev", "--export");
        assertThat(load.status()).isZero();
        assertThat(load.out()).startsWith("export NASTY='");
        assertThat(load.err()).contains("system properties (billing.token)");

        Path script = folder.resolve("check.sh");
        Files.writeString(script, load.out() + "printf %s \"$NASTY\" | sha256sum\n");
        Process sh = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start();
        String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(output).startsWith(sha256(nasty));
    }
}
