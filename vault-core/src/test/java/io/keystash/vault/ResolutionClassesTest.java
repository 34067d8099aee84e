package io.keystash.vault;

import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyMetadata;
import io.keystash.vault.unlock.KeyFileKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.keystash.vault.TestVaults.custom;
import static io.keystash.vault.TestVaults.keyFile;
import static io.keystash.vault.TestVaults.keyFileVault;
import static io.keystash.vault.TestVaults.secret;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResolutionClasses} names what a profile's resolution loads once the vault is unlocked:
 * every vault-core class a fresh JVM loads after the unlock ({@link ResolutionProbeMain}) is on
 * the list, and every class on the list is one the JVM loads for it at all.
 */
class ResolutionClassesTest {
    private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: ");

    @TempDir
    Path dir;

    @Test
    void theListHoldsWhatAResolutionLoadsAfterTheUnlock() throws Exception {
        VaultStore store = keyFileVault(dir);
        try (KeyFileKey key = keyFile(dir)) {
            store.update(key, vault -> {
                vault.storeKey("openai", KeyMetadata.builder().provider("openai").setting("OPENAI_ORG_ID", "org-1").build(),
                        secret("first-value"), "t");
                vault.storeKey("token", custom(), secret("second-value"), "t");
                vault.createProfile("prod");
                vault.bind("prod", new Binding("openai", "OPENAI_API_KEY", null));
                vault.bind("prod", new Binding("token", null, "service.token"));
                return null;
            });
        }
        List<String> loaded = loadedClasses(dir.resolve("vault"), dir.resolve("app.key"), "prod");
        String marker = ResolutionProbeMain.Marker.class.getName();
        assertThat(loaded).contains(marker);
        List<String> afterUnlock = new ArrayList<>();
        for (String name : loaded.subList(loaded.indexOf(marker) + 1, loaded.size())) {
            if (name.startsWith("io.keystash.vault.") && !name.startsWith(ResolutionProbeMain.class.getName())) {
                afterUnlock.add(name);
            }
        }
        List<String> listed = ResolutionClasses.classes().stream().map(Class::getName).toList();

        assertThat(afterUnlock).as("vault-core classes a resolution loads after the unlock").isNotEmpty();
        assertThat(listed).as("ResolutionClasses (add what a resolution newly needs)").containsAll(afterUnlock);
        assertThat(loaded).as("classes the resolution loads at all").containsAll(listed);
    }

    @Test
    void linkingLoadsTheClassesWithoutFailing() {
        ResolutionClasses.link();
        assertThat(ResolutionClasses.classes()).doesNotHaveDuplicates().contains(Vault.class);
    }

    /** The classes a fresh JVM running {@link ResolutionProbeMain} loads, in order. */
    private List<String> loadedClasses(Path vault, Path keyFile, String profile) throws Exception {
        Path log = dir.resolve("class-load.log");
        Path output = dir.resolve("probe.out");
        Process probe = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "-Xlog:class+load=info:file=" + log,
                ResolutionProbeMain.class.getName(), vault.toString(), keyFile.toString(), profile)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("the probe ended").isTrue();
        assertThat(probe.exitValue()).as("probe exit status; its output: %s", Files.readString(output)).isZero();
        assertThat(Files.readString(output)).contains("resolved 2");
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher matcher = LOADED.matcher(line);
            if (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }
}
