package io.keystash.bench.steps;

import java.lang.reflect.Method;

/**
 * Bouncy Castle's first use at all, timed inside a fresh JVM: SHA-256 of 32 bytes, the class
 * found by name so that either copy can be measured — the signed jar from Maven Central (the JVM
 * checks its signature as the first class loads) or the agent jar's relocated, unsigned copy. Only
 * JDK types here, so nothing else needs to be on the class path. Reflection's own first use is
 * paid before the clock starts, on JDK methods of the same shapes (JDK 18 and later spin method
 * handle code per shape, which JDK 25 does slowly enough to hide the difference). Usage:
 * {@code BouncyCastleFirstUse PACKAGE_PREFIX} (empty for the original packages); prints
 * {@code cold=MS}.
 */
public final class BouncyCastleFirstUse {
    private BouncyCastleFirstUse() {
    }

    public static void main(String[] args) throws Exception {
        String prefix = args.length > 0 ? args[0] : "";
        warmReflection();
        long start = System.nanoTime();
        Class<?> type = Class.forName(prefix + "org.bouncycastle.crypto.digests.SHA256Digest");
        Object digest = type.getConstructor().newInstance();
        Method update = type.getMethod("update", byte[].class, int.class, int.class);
        Method doFinal = type.getMethod("doFinal", byte[].class, int.class);
        byte[] input = new byte[32];
        update.invoke(digest, input, 0, input.length);
        byte[] out = new byte[32];
        doFinal.invoke(digest, out, 0);
        long cold = System.nanoTime() - start;
        System.out.printf("cold=%.1f digest=%02x%02x%n", cold / 1e6, out[0], out[1]);
    }

    /** A no-argument constructor, a (byte[], int, int) void method and an (Object, int) int method, called reflectively. */
    private static void warmReflection() throws Exception {
        Object list = java.util.ArrayList.class.getConstructor().newInstance();
        Object crc = java.util.zip.CRC32.class.getConstructor().newInstance();
        java.util.zip.CRC32.class.getMethod("update", byte[].class, int.class, int.class).invoke(crc, new byte[4], 0, 4);
        Object index = String.class.getMethod("indexOf", String.class, int.class).invoke("warm", "a", 0);
        if (list == null || index == null) {
            throw new IllegalStateException("reflection did not answer");
        }
    }
}
