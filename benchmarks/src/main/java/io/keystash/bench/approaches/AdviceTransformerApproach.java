package io.keystash.bench.approaches;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.function.UnaryOperator;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Byte Buddy's {@link Advice} without {@code AgentBuilder}: a plain {@code ClassFileTransformer}
 * that has Byte Buddy redefine the bytes of {@code java.lang.System} the JVM hands it, removed
 * again after the one retransformation.
 */
final class AdviceTransformerApproach {
    private AdviceTransformerApproach() {
    }

    static void install(Instrumentation instrumentation) throws UnmodifiableClassException {
        SystemRetransformation.apply(instrumentation, new UnaryOperator<byte[]>() {
            @Override
            public byte[] apply(byte[] bytes) {
                return new ByteBuddy().with(TypeValidation.DISABLED)
                        .redefine(TypeDescription.ForLoadedType.of(System.class), ClassFileLocator.Simple.of(System.class.getName(), bytes))
                        .visit(Advice.to(GetenvAdvice.class).on(named("getenv").and(takesArguments(String.class))))
                        .make()
                        .getBytes();
            }
        });
    }
}
