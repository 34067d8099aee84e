/**
 * {@code redact=on}: the exact values the agent serves, written to {@code System.out} or
 * {@code System.err} by any means that goes through those streams ({@code println}, {@code printf},
 * a logging framework's console appender), come out as {@code [keystash:NAME]}.
 *
 * <p>{@link io.keystash.agent.redact.Redaction} replaces both streams with print streams over a
 * {@link io.keystash.agent.redact.RedactingOutputStream}, which matches the values' bytes
 * ({@link io.keystash.agent.redact.Patterns}) in what passes through and holds back only a tail
 * that could still become a value, so a value split across two writes is caught too.
 */
package io.keystash.agent.redact;
