package io.keystash.vault.transfer;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransferFormatTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "backup.json, JSON", "dir/BACKUP.JSON, JSON", "c.yaml, YAML", "c.yml, YAML",
        ".env, DOTENV", "prod.env, DOTENV", ".env.local, DOTENV", "/srv/app/.env, DOTENV",
    })
    void fileNamesSayTheFormat(String name, TransferFormat expected) {
        assertThat(TransferFormat.fromFileName(Path.of(name))).contains(expected);
    }

    @Test
    void otherNamesSayNothing() {
        assertThat(TransferFormat.fromFileName(Path.of("settings"))).isEqualTo(Optional.empty());
        assertThat(TransferFormat.fromFileName(Path.of("env"))).isEqualTo(Optional.empty());
        assertThat(TransferFormat.fromFileName(Path.of("backup.json.bak"))).isEqualTo(Optional.empty());
    }

    @Test
    void formatOptionNamesAreCheckedIgnoringCase() throws VaultException {
        assertThat(TransferFormat.byId("YAML")).isEqualTo(TransferFormat.YAML);
        assertThat(TransferFormat.byId("yml")).isEqualTo(TransferFormat.YAML);
        assertThat(TransferFormat.byId("env")).isEqualTo(TransferFormat.DOTENV);
        assertThatThrownBy(() -> TransferFormat.byId("xml"))
                .isInstanceOfSatisfying(VaultException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT);
                    assertThat(e.getMessage()).isEqualTo("unknown format 'xml': expected json, yaml or dotenv");
                });
    }
}
