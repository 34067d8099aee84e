package io.keystash.agent.options;

import io.keystash.vault.launch.AgentArguments;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentOptionsTest {
    @Test
    void defaultsFollowTheSpec() throws OptionException {
        AgentOptions options = AgentOptions.parse(null, Map.of());
        assertThat(options.profile()).isEqualTo("default");
        assertThat(options.vault()).isNull();
        assertThat(options.keyFile()).isNull();
        assertThat(options.passphraseFile()).isNull();
        assertThat(options.env()).isTrue();
        assertThat(options.props()).isTrue();
        assertThat(options.inheritToChildren()).isTrue();
        assertThat(options.override()).isTrue();
        assertThat(options.onError()).isEqualTo(OnError.FAIL);
        assertThat(options.verbose()).isFalse();
        assertThat(options.reload()).isTrue();
        assertThat(options.expired()).isEqualTo(Expired.WARN);
        assertThat(options.redact()).isFalse();
        assertThat(options.passphraseCommand()).isNull();
        assertThat(options.session()).as("session=auto by default").isTrue();
        assertThat(options.prompt()).as("prompt=auto").isTrue();
        assertThat(AgentOptions.parse("", Map.of()).profile()).isEqualTo("default");
    }

    @Test
    void profileComesFromTheOptionThenKeystashProfile() throws OptionException {
        assertThat(AgentOptions.parse(null, Map.of("KEYSTASH_PROFILE", "dev")).profile()).isEqualTo("dev");
        assertThat(AgentOptions.parse(null, Map.of("KEYSTASH_PROFILE", " dev ")).profile()).isEqualTo("dev");
        assertThat(AgentOptions.parse(null, Map.of("KEYSTASH_PROFILE", " ")).profile()).isEqualTo("default");
        assertThat(AgentOptions.parse("profile=prod", Map.of("KEYSTASH_PROFILE", "dev")).profile()).isEqualTo("prod");
    }

    @Test
    void whatAgentLineWritesIsReadBack() throws OptionException {
        // keystash agent-line writes its options with vault-core's AgentArguments: each must be one
        // this parser knows, with the value it was given.
        AgentOptions options = AgentOptions.parse(AgentArguments.forProfile("prod")
                .addPath(AgentArguments.VAULT, Path.of("/srv/vault"))
                .addPath(AgentArguments.IDENTITY, Path.of("/srv/app.identity"))
                .addPath(AgentArguments.KEYFILE, Path.of("/srv/app.key"))
                .addPath(AgentArguments.PASSPHRASE_FILE, Path.of("/srv/passphrase"))
                .add(AgentArguments.ONERROR, "warn").toString(), Map.of("KEYSTASH_PROFILE", "dev"));
        assertThat(options.profile()).isEqualTo("prod");
        assertThat(options.vault()).isEqualTo(Path.of("/srv/vault"));
        assertThat(options.identity()).isEqualTo(Path.of("/srv/app.identity"));
        assertThat(options.keyFile()).isEqualTo(Path.of("/srv/app.key"));
        assertThat(options.passphraseFile()).isEqualTo(Path.of("/srv/passphrase"));
        assertThat(options.onError()).isEqualTo(OnError.WARN);
    }

    @Test
    void everyOptionNameInVaultCoreIsOneTheAgentKnows() throws IllegalAccessException {
        int names = 0;
        for (Field field : AgentArguments.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String name = (String) field.get(null);
                names++;
                try {
                    AgentOptions.parse(name + "=true", Map.of());
                } catch (OptionException e) {
                    assertThat(e.getMessage()).as(name).doesNotContain("unknown option");
                }
            }
        }
        assertThat(names).as("every agent option name").isEqualTo(18);
        assertThatThrownBy(() -> AgentOptions.parse("colour=true", Map.of())).hasMessageContaining("unknown option");
    }

    @Test
    void readsEveryOption() throws OptionException {
        AgentOptions options = AgentOptions.parse("profile=p,vault=/v,keyfile=/k,passphrase-file=/pp,env=false,"
                + "props=false,children=none,override=false,onerror=warn,verbose=true,prompt=off", Map.of());
        assertThat(options.vault()).isEqualTo(Path.of("/v"));
        assertThat(options.keyFile()).isEqualTo(Path.of("/k"));
        assertThat(options.passphraseFile()).isEqualTo(Path.of("/pp"));
        assertThat(options.env()).isFalse();
        assertThat(options.props()).isFalse();
        assertThat(options.inheritToChildren()).isFalse();
        assertThat(options.override()).isFalse();
        assertThat(options.onError()).isEqualTo(OnError.WARN);
        assertThat(options.verbose()).isTrue();
        assertThat(options.prompt()).isFalse();
        assertThat(options.toString()).endsWith(",prompt=off");
        assertThat(AgentOptions.parse("prompt=auto", Map.of()).prompt()).isTrue();
    }

    @Test
    void readsTheLiveKeyOptions() throws OptionException {
        AgentOptions options = AgentOptions.parse("reload=off,expired=refuse,redact=on", Map.of());
        assertThat(options.reload()).isFalse();
        assertThat(options.expired()).isEqualTo(Expired.REFUSE);
        assertThat(options.redact()).isTrue();
        assertThat(AgentOptions.parse("expired=serve", Map.of()).expired()).isEqualTo(Expired.SERVE);
        assertThat(options.toString()).contains("reload=off", "expired=refuse", "redact=on");
        assertThatThrownBy(() -> AgentOptions.parse("reload=true", Map.of())).hasMessage("option 'reload' must be on or off, not 'true'");
        assertThatThrownBy(() -> AgentOptions.parse("expired=ignore", Map.of()))
                .hasMessage("option 'expired' must be serve, warn or refuse, not 'ignore'");
        assertThatThrownBy(() -> AgentOptions.parse("redact=yes,onerror=warn", Map.of()))
                .satisfies(e -> assertThat(((OptionException) e).onError()).isEqualTo(OnError.WARN));
    }

    @Test
    void readsThePassphraseCommandAndTheSessionChoice() throws OptionException {
        AgentOptions options = AgentOptions.parse("passphrase-command=pass show keystash/a=b,session=off", Map.of());
        assertThat(options.passphraseCommand()).as("everything after the first =").isEqualTo("pass show keystash/a=b");
        assertThat(options.session()).isFalse();
        assertThat(options.toString()).contains("session=off").doesNotContain("pass show");
        assertThat(AgentOptions.parse("session=auto", Map.of()).session()).isTrue();
        assertThatThrownBy(() -> AgentOptions.parse("session=on", Map.of()))
                .hasMessage("option 'session' must be auto or off, not 'on'");
    }

    @Test
    void errorsNameTheOptionAndCarryOnerror() {
        assertThatThrownBy(() -> AgentOptions.parse("colour=blue", Map.of()))
                .isInstanceOf(OptionException.class).hasMessageContaining("colour")
                .satisfies(e -> assertThat(((OptionException) e).onError()).isEqualTo(OnError.FAIL));
        assertThatThrownBy(() -> AgentOptions.parse("children=some,onerror=warn", Map.of()))
                .hasMessageContaining("children")
                .satisfies(e -> assertThat(((OptionException) e).onError()).isEqualTo(OnError.WARN));
        assertThatThrownBy(() -> AgentOptions.parse("verbose", Map.of())).hasMessageContaining("verbose");
        assertThatThrownBy(() -> AgentOptions.parse("profile=a,profile=b", Map.of())).hasMessageContaining("twice");
        assertThatThrownBy(() -> AgentOptions.parse("profile=", Map.of())).hasMessageContaining("profile");
        assertThatThrownBy(() -> AgentOptions.parse("env=yes", Map.of())).hasMessageContaining("env");
        assertThatThrownBy(() -> AgentOptions.parse("prompt=yes", Map.of()))
                .hasMessage("option 'prompt' must be auto or off, not 'yes'");
        assertThatThrownBy(() -> AgentOptions.parse("profile=a,,env=true", Map.of())).hasMessageContaining("empty");
    }

    @Test
    void maxAgeTakesADurationWithAUnit() throws OptionException {
        assertThat(AgentOptions.parse(null, Map.of()).maxAge()).isNull();
        assertThat(AgentOptions.parse("max-age=90s", Map.of()).maxAge()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(AgentOptions.parse("max-age=15m", Map.of()).maxAge()).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(AgentOptions.parse("max-age=12h", Map.of()).maxAge()).isEqualTo(java.time.Duration.ofHours(12));
        assertThat(AgentOptions.parse("max-age=7d", Map.of()).maxAge()).isEqualTo(java.time.Duration.ofDays(7));
        for (String bad : new String[] {"10", "m", "0m", "-5m", "5w", "1.5h", "99999999999d"}) {
            assertThatThrownBy(() -> AgentOptions.parse("max-age=" + bad, Map.of())).as(bad)
                    .isInstanceOf(OptionException.class).hasMessageContaining("max-age");
        }
    }

    @Test
    void aRefusalIsOneLineWhateverTheOptionTextHolds() {
        assertThatThrownBy(() -> AgentOptions.parse("prof\nile=x", Map.of()))
                .hasMessageContaining("prof\\u000aile").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> AgentOptions.parse("env=tr\u001b[31mue", Map.of()))
                .hasMessageContaining("\\u001b").hasMessageNotContaining("\u001b");
    }
}
