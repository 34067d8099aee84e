package io.keystash.it.agent.programs;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Logs the variable named by its argument to Log4j2's default console appender (no configuration:
 * errors to System.out), for the redaction test. Under the agent with {@code redact=on} only.
 */
public final class Log4j2Probe {
    private Log4j2Probe() {
    }

    public static void main(String[] args) {
        Logger log = LogManager.getLogger(Log4j2Probe.class);
        String value = System.getenv(args[0]);
        log.error("the key is {}", value);
        log.fatal("again {} and {}", value, value);
        System.out.println("framework=" + LogManager.getContext(false).getClass().getName());
        System.out.println("main=ran");
    }
}
