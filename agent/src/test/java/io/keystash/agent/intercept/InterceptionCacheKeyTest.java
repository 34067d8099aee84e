package io.keystash.agent.intercept;

import io.keystash.agent.cache.CacheKey;
import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the class cache's key covers: every input of the rewriting, Byte Buddy's ASM included, so
 * classes cached by one ASM are never served to an agent built with another under the same version.
 */
class InterceptionCacheKeyTest {
    private static byte[] system;
    private static byte[] processBuilder;
    private static byte[] holder;
    private static byte[][] rewriter;
    private static long[] asm;

    @BeforeAll
    static void readInputs() throws InterceptionException {
        system = ClassFiles.of(System.class);
        processBuilder = ClassFiles.of(ProcessBuilder.class);
        holder = ClassFiles.read(InterceptionCacheKeyTest.class, "/io/keystash/agent/boot/KeystashEnvironment.class")[0];
        rewriter = ClassFiles.read(InterceptionCacheKeyTest.class, Interception.rewriterClassFiles());
        asm = ClassFiles.sizesAndCrcs(InterceptionCacheKeyTest.class, Interception.asmClassFiles());
    }

    private static CacheKey key(String version, long[] asmChecksums) {
        return Interception.cacheKey(version, system, processBuilder, holder, rewriter, asmChecksums);
    }

    private static byte[] resource(String absoluteName) throws IOException {
        try (InputStream in = InterceptionCacheKeyTest.class.getResourceAsStream(absoluteName)) {
            assertThat(in).as(absoluteName).isNotNull();
            return in.readAllBytes();
        }
    }

    private static long[] sizeAndCrc(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content, 0, content.length);
        return new long[] {content.length, crc.getValue()};
    }

    @Test
    void theSameInputsGiveTheSameKey() {
        assertThat(key("1.0", asm.clone())).isEqualTo(key("1.0", asm.clone()));
        assertThat(key("1.0", asm)).isNotEqualTo(key("1.1", asm));
    }

    @Test
    void anotherAsmGivesAnotherKeyUnderTheSameAgentVersion() throws IOException {
        CacheKey today = key("0.1.0-SNAPSHOT", asm);
        String[] names = Interception.asmClassFiles();
        for (int i = 0; i < names.length; i++) {
            // The class file another Byte Buddy release would ship: here one byte differs, the size
            // is the same, as when ASM raises the newest class file version it reads.
            byte[] changed = resource(names[i]);
            changed[changed.length / 2] ^= 1;
            long[] other = asm.clone();
            long[] checksum = sizeAndCrc(changed);
            other[2 * i] = checksum[0];
            other[2 * i + 1] = checksum[1];
            assertThat(key("0.1.0-SNAPSHOT", other)).as(names[i]).isNotEqualTo(today);
        }
    }

    @Test
    void theKeyCoversEachRewriterClassFile() {
        CacheKey today = key("1.0", asm);
        for (int i = 0; i < rewriter.length; i++) {
            byte[][] other = rewriter.clone();
            other[i] = other[i].clone();
            other[i][other[i].length / 2] ^= 1;
            assertThat(Interception.cacheKey("1.0", system, processBuilder, holder, other, asm))
                    .as(Interception.rewriterClassFiles()[i]).isNotEqualTo(today);
        }
    }

    @Test
    void checksumsFromAJarsDirectoryAreThoseOfItsClassFiles() throws Exception {
        // ClassReader is in Byte Buddy's jar: sizes and CRCs come from the jar's directory, as they
        // do from the agent jar at start; computed from the bytes they must be the same figures.
        assertThat(ClassReader.class.getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith(".jar");
        String[] names = Interception.asmClassFiles();
        long[] fromDirectory = ClassFiles.sizesAndCrcs(ClassReader.class, names);
        for (int i = 0; i < names.length; i++) {
            long[] computed = sizeAndCrc(resource(names[i]));
            assertThat(fromDirectory[2 * i]).as(names[i]).isEqualTo(computed[0]).isPositive();
            assertThat(fromDirectory[2 * i + 1]).as(names[i]).isEqualTo(computed[1]);
        }
        assertThat(fromDirectory).isEqualTo(asm);
    }
}
