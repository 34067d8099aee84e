package io.keystash.agent.cryptoservices;

import org.bouncycastle.crypto.CryptoServiceProperties;
import org.bouncycastle.crypto.CryptoServicePurpose;
import org.bouncycastle.crypto.constraints.DefaultServiceProperties;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The stand-in answers as Bouncy Castle's own registrar does in its default configuration, and
 * declares its members with the real ones' exact signatures, which is what the shade plugin's
 * relocation binds Bouncy Castle's calls to. (That the built jar has no member missing is
 * AgentJarIT's check.)
 */
class CryptoServicesRegistrarTest {
    private static final Class<?> REAL = org.bouncycastle.crypto.CryptoServicesRegistrar.class;

    @Test
    void everyMemberHasTheRealRegistrarsSignature() throws NoSuchMethodException {
        List<String> declared = new ArrayList<>();
        for (Method method : CryptoServicesRegistrar.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(method.getModifiers())) {
                continue;
            }
            declared.add(method.getName());
            Method real = REAL.getMethod(method.getName(), method.getParameterTypes());
            assertThat(real.getReturnType()).as(method.getName()).isEqualTo(method.getReturnType());
            assertThat(Modifier.isStatic(real.getModifiers())).as(method.getName()).isTrue();
            assertThat(Modifier.isStatic(method.getModifiers())).as(method.getName()).isTrue();
        }
        assertThat(declared).containsExactlyInAnyOrder("checkConstraints", "getSecureRandom");
    }

    @Test
    void theRealRegistrarsDefaultHasNoConstraintsEither() {
        // The agent's copy is private, so only the default configuration could ever apply to it.
        assertThat(System.getProperty("org.bouncycastle.constraints.quantum_vulnerable")).isNull();
        for (CryptoServiceProperties service : servicesTheAgentRuns()) {
            assertThatCode(() -> org.bouncycastle.crypto.CryptoServicesRegistrar.checkConstraints(service))
                    .as(service.getServiceName()).doesNotThrowAnyException();
            assertThatCode(() -> CryptoServicesRegistrar.checkConstraints(service))
                    .as(service.getServiceName()).doesNotThrowAnyException();
        }
    }

    @Test
    void givesAWorkingStrongSourceEachTime() {
        SecureRandom first = CryptoServicesRegistrar.getSecureRandom();
        SecureRandom second = CryptoServicesRegistrar.getSecureRandom();
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        first.nextBytes(a);
        second.nextBytes(b);
        assertThat(first).isNotSameAs(second);
        assertThat(Arrays.equals(a, b)).as("two draws of 32 random bytes are equal").isFalse();
    }

    /** What SHA-256, AES and Argon2's BLAKE2b hand the registrar, for every purpose they are used for. */
    private static List<CryptoServiceProperties> servicesTheAgentRuns() {
        List<CryptoServiceProperties> services = new ArrayList<>();
        services.add(sha256Properties(new SHA256Digest()));
        for (CryptoServicePurpose purpose : CryptoServicePurpose.values()) {
            services.add(new DefaultServiceProperties("SHA256", 256, null, purpose));
            services.add(new DefaultServiceProperties("BLAKE2b", 256, null, purpose));
            services.add(new DefaultServiceProperties("AES", 256, new byte[32], purpose));
        }
        return services;
    }

    /** The exact properties Bouncy Castle's SHA-256 builds for itself. */
    private static CryptoServiceProperties sha256Properties(SHA256Digest digest) {
        try {
            Method method = SHA256Digest.class.getDeclaredMethod("cryptoServiceProperties");
            method.setAccessible(true);
            return (CryptoServiceProperties) method.invoke(digest);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Bouncy Castle's SHA-256 has no cryptoServiceProperties()", e);
        }
    }
}
