package io.keystash.vault.rotation;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.model.KeyVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotationProvidersTest {
    private static final String SERVICES = "META-INF/services/" + RotationProvider.class.getName();

    @TempDir
    Path dir;

    private Path servicesFolder(String content) throws Exception {
        Path folder = dir.resolve("providers");
        Path file = folder.resolve(SERVICES);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return folder;
    }

    private static KeyEntry key(String... tags) throws VaultException {
        return new KeyEntry("k", Instant.EPOCH, KeyMetadata.builder().tags(List.of(tags)).build(),
                List.of(new KeyVersion(1, Instant.EPOCH, "t@h", "store")));
    }

    @Test
    void withoutAClassPathOnlyTheCommandProviderIsThere() throws Exception {
        ClassLoader parent = getClass().getClassLoader();
        assertThat(RotationProviders.loader(null, parent)).isSameAs(parent);
        assertThat(RotationProviders.discover(RotationProviders.loader(" ", parent)))
                .extracting(RotationProvider::id).containsExactly("command");
    }

    @Test
    void aProviderListedInMetaInfServicesOnTheClassPathIsFoundAfterTheCommandProvider() throws Exception {
        Path folder = servicesFolder("# comment\n" + ExampleRotationProvider.class.getName() + "\n");
        List<RotationProvider> found = RotationProviders.discover(
                RotationProviders.loader(folder + java.io.File.pathSeparator, getClass().getClassLoader()));
        assertThat(found).extracting(RotationProvider::id).containsExactly("command", "example");
        assertThat(found.get(1).handles(key("rotate:example"))).isTrue();
        assertThat(found.get(1).handles(key())).isFalse();
    }

    @Test
    void aMissingClassPathEntryOrAnUnloadableProviderIsReported() throws Exception {
        assertThatThrownBy(() -> RotationProviders.loader(dir.resolve("nope.jar").toString(), getClass().getClassLoader()))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                .hasMessageContaining("KEYSTASH_CLASSPATH").hasMessageContaining("nope.jar");
        Path folder = servicesFolder("com.example.Missing\n");
        ClassLoader loader = RotationProviders.loader(folder.toString(), getClass().getClassLoader());
        assertThatThrownBy(() -> RotationProviders.discover(loader))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT))
                .hasMessageContaining("com.example.Missing");
    }
}
