package io.keystash.bench.approaches;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

import java.lang.instrument.Instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Byte Buddy's {@code AgentBuilder}, the documented way to write an agent: retransforming the
 * already loaded {@code java.lang.System} with {@link GetenvAdvice}. Plain: only what retransforming
 * a JDK class requires. Tuned: everything that could spare work here — only {@code System} offered
 * for retransformation instead of every loaded class, matched by identity, decorated (no method
 * graph of {@code System} and its supertypes, declared methods only), no type validation, types
 * described from class files with the fast pool, and the transformer removed once it has run, so
 * the classes loaded afterwards are not matched. Both load over 1,100 of Byte Buddy's classes,
 * which is most of their cost.
 */
final class AgentBuilderApproach {
    private AgentBuilderApproach() {
    }

    static void install(Instrumentation instrumentation, boolean tuned) {
        if (!tuned) {
            new AgentBuilder.Default()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .disableClassFormatChanges()
                    .ignore(none())
                    .type(named("java.lang.System"))
                    .transform((type, description, loader, module, domain) -> type.visit(ADVICE.get()))
                    .installOn(instrumentation);
            return;
        }
        ResettableClassFileTransformer transformer = new AgentBuilder.Default(new ByteBuddy()
                        .with(TypeValidation.DISABLED)
                        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(System.class))
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .ignore(none())
                .type((description, loader, module, redefined, domain) -> redefined == System.class)
                .transform((type, description, loader, module, domain) -> type.visit(ADVICE.get()))
                .installOn(instrumentation);
        instrumentation.removeTransformer(transformer);
    }

    /** The advice on {@code getenv(String)}, built when the transformation runs. */
    private static final java.util.function.Supplier<AsmVisitorWrapper> ADVICE =
            () -> Advice.to(GetenvAdvice.class).on(named("getenv").and(takesArguments(String.class)));
}
