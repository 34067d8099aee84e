package io.keystash.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/**
 * Creates subcommands, handing each the root command (its context and global options) when it
 * has a constructor that takes one.
 */
final class CommandFactory implements CommandLine.IFactory {
    private final Keystash root;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Keystash root) {
        this.root = root;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type == Keystash.class) {
            return type.cast(root);
        }
        Constructor<K> constructor;
        try {
            constructor = type.getDeclaredConstructor(Keystash.class);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
        return constructor.newInstance(root);
    }
}
