package io.keystash.it.agent.programs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the variable named by its argument through SLF4J to Logback's default console appender
 * (no configuration: Logback's basic one, to System.out), for the redaction test. Under the agent
 * with {@code redact=on} only.
 */
public final class LogbackProbe {
    private LogbackProbe() {
    }

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger(LogbackProbe.class);
        String value = System.getenv(args[0]);
        log.info("the key is {}", value);
        log.warn("again {} and {}", value, value);
        System.out.println("framework=" + LoggerFactory.getILoggerFactory().getClass().getName());
        System.out.println("main=ran");
    }
}
