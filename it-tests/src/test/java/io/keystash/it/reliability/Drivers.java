package io.keystash.it.reliability;

import io.keystash.it.support.Artifacts;
import io.keystash.it.support.Jdk;
import io.keystash.it.support.JavaLaunch;
import io.keystash.it.support.ProcessResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts a driver program of this suite in its own JVM with the built CLI jar (and, for the fuzz
 * driver, the built agent jar) on its class path: the product's real classes, as shipped.
 */
final class Drivers {
    private Drivers() {
    }

    /** {@code cli/target/keystash.jar}. */
    static Path cliJar() {
        Path jar = Artifacts.cliDir().resolve("keystash.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the CLI jar is not built: " + jar);
        }
        return jar;
    }

    /** Runs {@code main} with the CLI jar, the agent jar (as a library, not an agent) and the test classes. */
    static ProcessResult run(Jdk jdk, Class<?> main, Duration timeout, String... args) {
        return JavaLaunch.on(jdk)
                .jvmOption("-XX:+UseSerialGC")
                .jvmOption("-Xmx256m")
                .classPath(cliJar().toString(), Artifacts.agentJar().toString(), Artifacts.testClasses())
                .main(main, args)
                .timeout(timeout)
                .run();
    }
}
