package io.keystash.agent.deferredlogging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in creates no JUL logger until it is used, and then what it logs arrives in JUL under
 * the same logger name and the same JUL level, as Bouncy Castle's messages would without the agent.
 * (Only the members Bouncy Castle calls exist; AgentJarIT checks that against the built jar.)
 */
class DeferredLoggerTest {
    private static final String PARENT = "io.keystash.agent.deferredlogging.test";

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    // Held so that JUL (which keeps loggers weakly) does not drop the handler's logger mid-test.
    private java.util.logging.Logger parent;

    @BeforeEach
    void collectTheParentsRecords() {
        parent = java.util.logging.Logger.getLogger(PARENT);
        parent.setLevel(java.util.logging.Level.ALL);
        parent.addHandler(collector);
        parent.setUseParentHandlers(false);
    }

    @AfterEach
    void removeTheCollector() {
        parent.removeHandler(collector);
    }

    @Test
    void gettingALoggerCreatesNoJulLogger() {
        String name = PARENT + ".unused";
        Logger logger = Logger.getLogger(name);

        assertThat(logger.getName()).isEqualTo(name);
        assertThat(LogManager.getLogManager().getLogger(name)).isNull();
    }

    @Test
    void messagesReachJulUnderTheSameNameAndLevel() {
        String name = PARENT + ".used";
        Logger logger = Logger.getLogger(name);

        logger.warning("warning message");
        logger.info("info message");

        assertThat(LogManager.getLogManager().getLogger(name)).isNotNull();
        assertThat(records).extracting(LogRecord::getLoggerName).containsOnly(name);
        assertThat(records).extracting(LogRecord::getMessage).containsExactly("warning message", "info message");
        assertThat(records).extracting(LogRecord::getLevel).containsExactly(java.util.logging.Level.WARNING,
                java.util.logging.Level.INFO);
    }

    @Test
    void isLoggableFollowsTheJulLoggersLevel() {
        String name = PARENT + ".levels";
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name);
        jul.setLevel(java.util.logging.Level.WARNING);
        Logger logger = Logger.getLogger(name);

        assertThat(logger.isLoggable(Level.WARNING)).isTrue();
        assertThat(logger.isLoggable(Level.INFO)).isFalse();
        logger.info("dropped");
        assertThat(records).isEmpty();

        jul.setLevel(java.util.logging.Level.INFO);
        assertThat(logger.isLoggable(Level.INFO)).isTrue();
    }

    @Test
    void levelsKeepTheirJulNames() {
        assertThat(List.of(Level.WARNING, Level.INFO)).extracting(Level::getName).containsExactly("WARNING", "INFO");
        assertThat(Level.INFO).hasToString("INFO");
    }
}
