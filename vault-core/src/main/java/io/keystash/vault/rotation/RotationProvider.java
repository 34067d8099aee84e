package io.keystash.vault.rotation;

import io.keystash.vault.Secret;
import io.keystash.vault.model.KeyEntry;

/**
 * Makes a new value for a key, for {@code keystash rotate --due} (and {@code rotate NAME
 * --from-provider}). This is the extension point for rotating keys through a vendor's API: the
 * built-in {@code command} provider runs the key's {@code --rotate-command}; anything else is a
 * provider of your own.
 *
 * <h2>Registering a provider</h2>
 * Providers are found with {@link java.util.ServiceLoader}:
 * <ol>
 *   <li>implement this interface in a public class with a public no-argument constructor;</li>
 *   <li>list the class's binary name in a file
 *       {@code META-INF/services/io.keystash.vault.rotation.RotationProvider} of your jar (one class
 *       per line);</li>
 *   <li>put the jar (or a class folder) on the CLI's class path through the
 *       {@value RotationProviders#CLASS_PATH_VARIABLE} environment variable: entries separated by
 *       {@code :} (the platform's path separator), e.g.
 *       {@code KEYSTASH_CLASSPATH=/opt/keystash/acme-rotation.jar keystash rotate --due}.</li>
 * </ol>
 * The CLI asks the {@code command} provider first, then the found providers in class-path order;
 * the first whose {@link #handles(KeyEntry)} says yes rotates the key. A provider usually claims
 * keys by their metadata: the vendor provider id, an endpoint, or a tag such as
 * {@code rotate:acme} given at {@code store --tag rotate:acme}.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>A provider is given the key's name and metadata, never its current value.</li>
 *   <li>Failures are a {@link RotationFailure} whose message names the key but never holds a
 *       value; the key is then left unchanged and the others are still rotated. An unchecked
 *       exception is treated the same way, but its message is not shown (it might hold a value).</li>
 *   <li>The new value is validated by the key's {@code --validate-command}, if any, before it is
 *       stored; a backup of the vault is written and the change is audited by Keystash, not by
 *       the provider.</li>
 *   <li>{@code newValue} runs without the vault's lock held, so it may take its time (a network
 *       call); other Keystash commands keep working meanwhile.</li>
 * </ul>
 */
public interface RotationProvider {
    /** A short id shown in output and reports, e.g. {@code command}; letters, digits and '-'. */
    String id();

    /** True when this provider can make a new value for {@code key}. Must not block. */
    boolean handles(KeyEntry key);

    /**
     * A new value for {@code key}; the caller owns and closes it. Failures are reported as a
     * {@link RotationFailure} whose message names the key but holds no value.
     */
    Secret newValue(KeyEntry key) throws RotationFailure;
}
