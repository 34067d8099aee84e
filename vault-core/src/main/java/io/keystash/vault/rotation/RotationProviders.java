package io.keystash.vault.rotation;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the rotation providers: the built-in {@code command} provider first, then every
 * {@link RotationProvider} that {@link ServiceLoader} finds on a class path. The CLI is started
 * with {@code java -jar}, which ignores {@code -cp}; so extra jars come from the
 * {@value #CLASS_PATH_VARIABLE} variable and are loaded here, only when a command needs providers.
 */
public final class RotationProviders {
    /** Extra jars or class folders holding providers, separated by the path separator. */
    public static final String CLASS_PATH_VARIABLE = "KEYSTASH_CLASSPATH";

    private RotationProviders() {
    }

    /** The built-in provider and those registered in {@code loader}'s {@code META-INF/services}. */
    public static List<RotationProvider> discover(ClassLoader loader) throws VaultException {
        List<RotationProvider> found = new ArrayList<>();
        found.add(new CommandRotationProvider());
        try {
            for (RotationProvider provider : ServiceLoader.load(RotationProvider.class, loader)) {
                found.add(provider);
            }
        } catch (ServiceConfigurationError e) {
            throw new VaultException(Failure.INVALID_INPUT, "cannot load a rotation provider: " + e.getMessage());
        }
        return found;
    }

    /**
     * A class loader over {@code classPath} (entries separated by {@link File#pathSeparator}) with
     * {@code parent} behind it; {@code parent} itself when the class path is empty. A missing
     * entry is refused, so a typo does not silently leave keys without their provider.
     */
    public static ClassLoader loader(String classPath, ClassLoader parent) throws VaultException {
        if (classPath == null || classPath.isBlank()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry.strip());
            if (!Files.exists(path)) {
                throw new VaultException(Failure.NOT_FOUND, CLASS_PATH_VARIABLE + " names " + path + ", which does not exist");
            }
            try {
                urls.add(path.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new VaultException(Failure.INVALID_INPUT, CLASS_PATH_VARIABLE + " entry " + path + " is not usable: " + e.getMessage());
            }
        }
        return new URLClassLoader("keystash-providers", urls.toArray(new URL[0]), parent);
    }
}
