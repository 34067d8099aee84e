package io.keystash.agent.intercept;

import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The constant-pool patches on the JDK running the tests (the ITs run them in real JVMs). */
class JdkPatchesTest {
    @Test
    void systemReferencesTheHolderInsteadOfProcessEnvironment() throws InterceptionException {
        byte[] patched = JdkPatches.system(ClassFiles.of(System.class));
        ClassFilePatcher view = new ClassFilePatcher(patched);
        assertThat(view.methodref(JdkPatches.HOLDER, "getenv", "(Ljava/lang/String;)Ljava/lang/String;")).isPositive();
        assertThat(view.methodref(JdkPatches.HOLDER, "getenv", "()Ljava/util/Map;")).isPositive();
        assertThat(view.methodref("java/lang/ProcessEnvironment", "getenv", "()Ljava/util/Map;")).isZero();
    }

    @Test
    void processBuilderReferencesTheHolderForEnvironmentAndStart() throws InterceptionException {
        byte[] patched = JdkPatches.processBuilder(ClassFiles.of(ProcessBuilder.class));
        ClassFilePatcher view = new ClassFilePatcher(patched);
        assertThat(view.methodref(JdkPatches.HOLDER, "environment", "()Ljava/util/Map;")).isPositive();
        assertThat(view.methodref("java/lang/ProcessImpl", "start", "([Ljava/lang/String;Ljava/util/Map;"
                + "Ljava/lang/String;[Ljava/lang/ProcessBuilder$Redirect;Z)Ljava/lang/Process;")).isZero();
    }

    @Test
    void anUnknownClassIsRefusedNamingTheMissingCall() {
        assertThatThrownBy(() -> JdkPatches.system(ClassFiles.of(String.class)))
                .isInstanceOf(InterceptionException.class).hasMessageContaining("ProcessEnvironment.getenv");
    }

    @Test
    void theRenamedHolderIsAValidClassOfItsNewPackage() throws Exception {
        byte[] source = ClassFiles.read(JdkPatchesTest.class, "/io/keystash/agent/boot/KeystashEnvironment.class");
        byte[] renamed = ClassFilePatcher.renameInUtf8(source, "io/keystash/agent/boot/", "io/keystash/agent/intercept/");
        Class<?> defined = MethodHandles.lookup().defineClass(renamed);
        assertThat(defined.getName()).isEqualTo("io.keystash.agent.intercept.KeystashEnvironment");
        assertThat(defined.getDeclaredMethods()).extracting("name").contains("install", "getenv", "environment", "start");
    }
}
