package io.keystash.agent.cryptoservices;

import org.bouncycastle.crypto.CryptoServiceConstraintsException;
import org.bouncycastle.crypto.CryptoServiceProperties;
import org.bouncycastle.crypto.CryptoServicesConstraints;
import org.bouncycastle.crypto.CryptoServicePurpose;
import org.bouncycastle.crypto.constraints.BitsOfSecurityConstraint;
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
    void answersEveryServiceTheAgentRunsAsTheRealRegistrarsDefaultDoes() {
        // The agent's copy is private, so only the default configuration could ever apply to it.
        assertThat(System.getProperty("org.bouncycastle.constraints.quantum_vulnerable"))
                .as("these tests run with Bouncy Castle's default configuration").isNull();
        for (CryptoServiceProperties service : servicesTheAgentRuns()) {
            String name = service.getServiceName() + " for " + service.getPurpose();
            assertThat(outcome(() -> CryptoServicesRegistrar.checkConstraints(service))).as(name)
                    .isEqualTo(outcome(() -> org.bouncycastle.crypto.CryptoServicesRegistrar.checkConstraints(service)));
        }
    }

    @Test
    void theComparisonTellsApartARegistrarThatConstrains() {
        // Under a constraint the real registrar refuses what the stand-in allows: the comparison
        // above would see a default configuration that constrained the agent's services.
        CryptoServicesConstraints before = org.bouncycastle.crypto.CryptoServicesRegistrar.getServicesConstraints();
        org.bouncycastle.crypto.CryptoServicesRegistrar.setServicesConstraints(new BitsOfSecurityConstraint(512));
        try {
            CryptoServiceProperties aes = new DefaultServiceProperties("AES", 256, new byte[32], CryptoServicePurpose.ENCRYPTION);
            assertThat(outcome(() -> org.bouncycastle.crypto.CryptoServicesRegistrar.checkConstraints(aes)))
                    .isEqualTo(CryptoServiceConstraintsException.class.getName());
            assertThat(outcome(() -> CryptoServicesRegistrar.checkConstraints(aes))).isEqualTo("allowed");
        } finally {
            org.bouncycastle.crypto.CryptoServicesRegistrar.setServicesConstraints(before);
        }
    }

    /** "allowed", or the class of what the check threw. */
    private static String outcome(Runnable check) {
        try {
            check.run();
            return "allowed";
        } catch (RuntimeException e) {
            return e.getClass().getName();
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
