package io.keystash.it.agent;

import io.keystash.it.support.Artifacts;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built agent jar itself: every class relocated under {@code io.keystash.agent}, the ASM
 * classes (Byte Buddy's copy) that the rewriting needs kept by the minimizer and Byte Buddy's own
 * machinery left out, no unrelocated reference left in
 * any class (relocation also rewrites string constants, such as Byte Buddy's property names), no
 * signature, {@code module-info} or multi-release entry, and the manifest the JVM reads. Also:
 * Bouncy Castle's registrar is the agent's stand-in, every member Bouncy Castle calls on it exists
 * there (a newer Bouncy Castle calling another would otherwise fail only when that code runs), and
 * no bundled class would start {@code java.util.logging}.
 */
class AgentJarIT {
    private static final String SHADED = "io/keystash/agent/shaded/";
    private static final List<String> LIBRARIES = List.of("net/bytebuddy/", "org/bouncycastle/", "com/fasterxml/jackson/",
            "org/slf4j/", "io/keystash/vault/");

    @Test
    void everyClassIsTheAgentsOrRelocatedAndOnlyAsmOfByteBuddyIsKept() throws IOException {
        List<String> classes = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        List<String> unrelocatedReferences = new ArrayList<>();
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                assertThat(name).as("entry %s", name).doesNotStartWith("META-INF/versions/")
                        .doesNotEndWith("module-info.class").doesNotEndWith(".SF").doesNotEndWith(".RSA")
                        .doesNotEndWith(".DSA").doesNotEndWith(".EC");
                if (!name.endsWith(".class")) {
                    continue;
                }
                classes.add(name);
                if (!name.startsWith("io/keystash/agent/")) {
                    foreign.add(name);
                }
                byte[] classFile;
                try (InputStream in = jar.getInputStream(entry)) {
                    classFile = in.readAllBytes();
                }
                for (String reference : references(classFile)) {
                    for (String library : LIBRARIES) {
                        if (reference.startsWith(library)) {
                            unrelocatedReferences.add(name + " → " + reference);
                        }
                    }
                }
            }
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Premain-Class")).isEqualTo("io.keystash.agent.KeystashAgent");
            assertThat(manifest.getValue("Can-Redefine-Classes")).isEqualTo("true");
            assertThat(manifest.getValue("Implementation-Version")).isNotBlank();
        }
        assertThat(foreign).as("classes outside io/keystash/agent").isEmpty();
        assertThat(unrelocatedReferences).as("classes referring to a library under its own name").isEmpty();
        assertThat(classes).contains(SHADED + "net/bytebuddy/jar/asm/ClassReader.class",
                SHADED + "net/bytebuddy/jar/asm/ClassWriter.class",
                SHADED + "net/bytebuddy/jar/asm/commons/ClassRemapper.class",
                "io/keystash/agent/intercept/CallSiteRewriter.class",
                "io/keystash/agent/cache/ClassFileCache.class",
                "io/keystash/agent/boot/KeystashEnvironment.class");
        // Byte Buddy's own API (AgentBuilder, MemberSubstitution, TypePool...) loads about a thousand
        // classes to do what a visitor of a few lines does: none of it is reachable any more.
        assertThat(classes).as("Byte Buddy's own machinery").doesNotContain(SHADED + "net/bytebuddy/ByteBuddy.class",
                SHADED + "net/bytebuddy/asm/MemberSubstitution.class", SHADED + "net/bytebuddy/pool/TypePool.class",
                SHADED + "net/bytebuddy/agent/builder/AgentBuilder.class");
        assertThat(classes.stream().filter(c -> c.startsWith(SHADED + "net/bytebuddy/")).count())
                .as("classes of Byte Buddy's jar kept").isLessThan(150);
        // The agent only reads the vault (VaultReader): the writing side of vault-core, and Jackson
        // with it, would be a thousand classes in the jar that no start needs. (Its one write, a
        // newer generation recorded in KEYSTASH_HOME/state, takes the state file's lock.)
        assertThat(classes).as("vault-core's writing side and Jackson, unreachable from the agent")
                .noneMatch(c -> c.contains("com/fasterxml/"))
                .doesNotContain(SHADED + "io/keystash/vault/VaultStore.class", SHADED + "io/keystash/vault/audit/AuditLog.class")
                .contains(SHADED + "io/keystash/vault/VaultReader.class");
    }

    @Test
    void theClassesOfAWarmStartAreStoredUncompressedAndTheManifestComesFirst() throws IOException {
        List<String> compressedStartClasses = new ArrayList<>();
        int storedStartClasses = 0;
        int coldClasses = 0;
        int compressedColdClasses = 0;
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                String name = entry.getName();
                boolean coldOnly = name.startsWith(SHADED + "net/bytebuddy/");
                if (coldOnly) {
                    coldClasses++;
                    compressedColdClasses += entry.getMethod() == ZipEntry.DEFLATED ? 1 : 0;
                } else if (entry.getMethod() == ZipEntry.STORED) {
                    storedStartClasses++;
                } else {
                    compressedStartClasses.add(name);
                }
            }
        }
        assertThat(compressedStartClasses).as("agent, vault-core and Bouncy Castle classes not stored").isEmpty();
        assertThat(storedStartClasses).isGreaterThan(400);
        assertThat(coldClasses).as("classes of Byte Buddy's jar (ASM, for a cold start)").isPositive();
        assertThat(compressedColdClasses).as("of which compressed").isEqualTo(coldClasses);
        try (JarInputStream in = new JarInputStream(java.nio.file.Files.newInputStream(Artifacts.agentJar()))) {
            assertThat(in.getManifest()).as("manifest as the first entries").isNotNull();
            assertThat(in.getManifest().getMainAttributes().getValue("Premain-Class"))
                    .isEqualTo("io.keystash.agent.KeystashAgent");
            assertThat(in.getManifest().getMainAttributes().getValue("Boot-Class-Path"))
                    .as("no Boot-Class-Path: it would make the JVM refuse the program's own CDS archive (AgentAppCdsIT)")
                    .isNull();
        }
    }

    @Test
    void bouncyCastlesRegistrarIsTheStandInAndNothingStartsJavaUtilLogging() throws IOException {
        String standIn = "io/keystash/agent/cryptoservices/";
        String realRegistrar = SHADED + "org/bouncycastle/crypto/CryptoServicesRegistrar";
        Set<String> declared = new HashSet<>();
        List<String> used = new ArrayList<>();
        List<String> realRegistrarLeft = new ArrayList<>();
        List<String> julReferences = new ArrayList<>();
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                byte[] classFile;
                try (InputStream in = jar.getInputStream(entry)) {
                    classFile = in.readAllBytes();
                }
                if (entry.getName().startsWith(realRegistrar)) {
                    realRegistrarLeft.add(entry.getName());
                }
                if (entry.getName().startsWith(standIn)) {
                    declared.addAll(members(classFile));
                } else {
                    used.addAll(memberReferences(classFile, standIn).stream().map(m -> entry.getName() + " → " + m)
                            .toList());
                }
                for (String reference : references(classFile)) {
                    if (reference.startsWith(realRegistrar)) {
                        realRegistrarLeft.add(entry.getName() + " → " + reference);
                    }
                    if (reference.startsWith("java/util/logging/")) {
                        julReferences.add(entry.getName() + " → " + reference);
                    }
                }
            }
        }
        assertThat(realRegistrarLeft).as("Bouncy Castle's own registrar, or references to it").isEmpty();
        assertThat(used).as("Bouncy Castle's calls on its registrar").isNotEmpty()
                .allMatch(reference -> reference.contains("org/bouncycastle/"))
                .anyMatch(reference -> reference.contains("digests/SHA256Digest") && reference.contains(".checkConstraints "))
                .anyMatch(reference -> reference.contains("engines/AESEngine") && reference.contains(".checkConstraints "));
        List<String> missing = used.stream().filter(reference -> !declared.contains(reference.substring(
                reference.indexOf(" → ") + 3))).toList();
        assertThat(missing).as("members used but not declared by the stand-in").isEmpty();
        assertThat(julReferences).as("classes that would start java.util.logging").isEmpty();
    }

    /** {@code owner.name descriptor} of every field and method a class declares. */
    private static List<String> members(byte[] classFile) {
        List<String> members = new ArrayList<>();
        ClassReader reader = new ClassReader(classFile);
        String owner = reader.getClassName();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                members.add(owner + "." + name + " " + descriptor);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                members.add(owner + "." + name + " " + descriptor);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return members;
    }

    /** {@code owner.name descriptor} of every field and method a class's code uses on a type under {@code prefix}. */
    private static List<String> memberReferences(byte[] classFile, String prefix) {
        List<String> references = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String type) {
                        if (owner.startsWith(prefix)) {
                            references.add(owner + "." + field + " " + type);
                        }
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String type, boolean itf) {
                        if (owner.startsWith(prefix)) {
                            references.add(owner + "." + method + " " + type);
                        }
                    }
                };
            }
        }, 0);
        return references;
    }

    /**
     * Every type a class refers to, and its string constants that could name a type or a property
     * (no whitespace: a message such as "set net.bytebuddy.safe to true" is text, not a reference),
     * with dots as slashes.
     */
    private static List<String> references(byte[] classFile) {
        List<String> references = new ArrayList<>();
        Remapper recorder = new Remapper(Opcodes.ASM9) {
            @Override
            public String map(String internalName) {
                references.add(internalName);
                return internalName;
            }

            @Override
            public Object mapValue(Object value) {
                if (value instanceof String text && !text.matches(".*\\s.*")) {
                    references.add(text.replace('.', '/'));
                }
                return super.mapValue(value);
            }
        };
        new ClassReader(classFile).accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {
        }, recorder), 0);
        return references;
    }
}
