package io.keystash.cli.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code java} executable running this CLI, for launching helper and demo JVMs. */
public final class JavaRuntime {
    private final Path java;

    private JavaRuntime(Path java) {
        this.java = java;
    }

    public static JavaRuntime current() {
        Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return new JavaRuntime(fromHome);
        }
        return new JavaRuntime(ProcessHandle.current().info().command().map(Path::of).orElse(Path.of("java")));
    }

    public Path executable() {
        return java;
    }

    /** The command's first element(s). */
    public List<String> command() {
        return List.of(java.toString());
    }
}
