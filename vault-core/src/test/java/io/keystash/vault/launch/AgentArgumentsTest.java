package io.keystash.vault.launch;

import io.keystash.vault.unlock.UnlockSources;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AgentArgumentsTest {
    @Test
    void pairsAreJoinedByCommasWithPathsMadeAbsolute() {
        String cwd = Path.of("").toAbsolutePath().toString();
        AgentArguments arguments = AgentArguments.forProfile("prod")
                .addPath(AgentArguments.VAULT, Path.of("/srv/./keystash/../keystash/vault"))
                .addPath(AgentArguments.KEYFILE, Path.of("app.key"));
        assertThat(arguments).hasToString("profile=prod,vault=/srv/keystash/vault,keyfile=" + cwd + "/app.key");
        assertThat(arguments.pairsWithComma()).isEmpty();
    }

    @Test
    void aValueWithACommaIsPointedOut() {
        AgentArguments arguments = AgentArguments.forProfile("p").addPath(AgentArguments.KEYFILE, Path.of("/a,b/app.key"));
        assertThat(arguments.pairsWithComma()).containsExactly("keyfile=/a,b/app.key");
    }

    @Test
    void theLockedMessageNamesTheAgentsUnlockOptions() {
        assertThat(UnlockSources.AGENT_OPTIONS).contains(AgentArguments.IDENTITY + "=FILE", AgentArguments.KEYFILE + "=FILE",
                AgentArguments.PASSPHRASE_FILE + "=FILE");
    }
}
