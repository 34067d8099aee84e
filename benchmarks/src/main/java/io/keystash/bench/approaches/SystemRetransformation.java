package io.keystash.bench.approaches;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.function.UnaryOperator;

/**
 * Retransforms {@code java.lang.System} once through a plain {@code ClassFileTransformer}, removed
 * again afterwards: the frame the two approaches without {@code AgentBuilder} share, so that they
 * differ only in how they rewrite the bytes. A failure is printed and leaves {@code System} as it
 * was (the JVM ignores a transformer's exception), which the harness sees as variables not served.
 */
final class SystemRetransformation {
    private SystemRetransformation() {
    }

    static void apply(Instrumentation instrumentation, UnaryOperator<byte[]> rewrite) throws UnmodifiableClassException {
        ClassFileTransformer transformer = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                if (!"java/lang/System".equals(name)) {
                    return null;
                }
                try {
                    return rewrite.apply(bytes);
                } catch (RuntimeException | Error e) {
                    // Deliberate: the JVM swallows a transformer's exception, and the harness would only
                    // see variables missing. Benchmark code; the values it serves are made up.
                    e.printStackTrace();
                    return null;
                }
            }
        };
        instrumentation.addTransformer(transformer, true);
        try {
            instrumentation.retransformClasses(System.class);
        } finally {
            instrumentation.removeTransformer(transformer);
        }
    }
}
