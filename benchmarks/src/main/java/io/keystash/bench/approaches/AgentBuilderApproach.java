package io.keystash.bench.approaches;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

import java.lang.instrument.Instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Byte Buddy's {@code AgentBuilder}, the documented way to write an agent: retransforming the
 * already loaded {@code java.lang.System} with {@link GetenvAdvice}. Plain: only what retransforming a
 * JDK class requires. Tuned: the settings that made it fastest when the design was chosen —
 * only {@code System} offered for retransformation instead of every loaded class, no type
 * validation, types described from class files with the fast pool.
 */
final class AgentBuilderApproach {
    private AgentBuilderApproach() {
    }

    static void install(Instrumentation instrumentation, boolean tuned) {
        AgentBuilder.RedefinitionListenable.WithoutBatchStrategy retransforming = tuned
                ? new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                        .with(AgentBuilder.PoolStrategy.Default.FAST)
                        .with(AgentBuilder.DescriptionStrategy.Default.POOL_FIRST)
                        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                : new AgentBuilder.Default().with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        AgentBuilder builder = tuned
                ? retransforming.with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(System.class))
                : retransforming;
        builder
                .disableClassFormatChanges()
                .ignore(none())
                .type(named("java.lang.System"))
                .transform((type, description, loader, module, domain) -> type.visit(
                        Advice.to(GetenvAdvice.class).on(named("getenv").and(takesArguments(String.class)))))
                .installOn(instrumentation);
    }
}
