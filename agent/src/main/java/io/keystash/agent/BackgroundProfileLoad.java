package io.keystash.agent;

import io.keystash.vault.ResolutionClasses;
import io.keystash.vault.VaultException;
import io.keystash.vault.concurrent.SecondThread;
import io.keystash.vault.profile.ProfileLoader;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.PassphrasePrompt;
import io.keystash.vault.unlock.UnlockRequest;
import io.keystash.vault.unlock.UnlockSources;

import java.time.Duration;

/**
 * The profile's load (read the unlock source and the vault, unlock, check, decrypt, resolve) on a
 * second thread, while {@code premain}'s thread prepares the interception.
 *
 * <p>Why: on a cold JVM both halves are mostly class loading and interpreted code (Bouncy Castle's
 * first use, the vault's classes; the class cache, {@code java.lang} opened and the holder
 * defined), they share nothing, and a second core is usually idle while a JVM starts. Why it is
 * safe: {@code premain} {@linkplain #join joins} this thread before it returns, so the program's
 * {@code main} never runs before the vault is unlocked or the failure is reported (status 78
 * with {@code onerror=fail}), and no agent thread outlives {@code premain}.
 */
final class BackgroundProfileLoad implements Runnable {
    private final VaultPaths paths;
    private final UnlockRequest unlock;
    private final String profileName;
    private final PassphrasePrompt prompt;
    private final Duration maxAge;
    private SecondThread thread;
    // Written by the loading thread, read after join(), which orders the two.
    private ResolvedProfile profile;
    private VaultException failure;
    private RuntimeException unexpected;
    private Error fatal;
    private long nanos;

    private BackgroundProfileLoad(VaultPaths paths, UnlockRequest unlock, String profileName, PassphrasePrompt prompt,
                                  Duration maxAge) {
        this.paths = paths;
        this.unlock = unlock;
        this.profileName = profileName;
        this.prompt = prompt;
        this.maxAge = maxAge;
    }

    /**
     * Starts loading {@code profileName} from the vault at {@code paths}, asking nobody; {@code maxAge}
     * (or null) refuses a shared vault's replica synced longer ago.
     */
    static BackgroundProfileLoad start(VaultPaths paths, UnlockRequest unlock, String profileName, Duration maxAge) {
        return start(paths, unlock, profileName, null, maxAge);
    }

    /**
     * As {@link #start(VaultPaths, UnlockRequest, String, Duration)}; when nothing else unlocks,
     * {@code prompt} (null: none) asks for the passphrase, on this second thread.
     */
    static BackgroundProfileLoad start(VaultPaths paths, UnlockRequest unlock, String profileName, PassphrasePrompt prompt,
                                       Duration maxAge) {
        BackgroundProfileLoad load = new BackgroundProfileLoad(paths, unlock, profileName, prompt, maxAge);
        load.thread = SecondThread.start(load, "keystash-agent-profile");
        return load;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        try {
            profile = ProfileLoader.load(paths, unlock, UnlockSources.AGENT_OPTIONS, prompt, profileName, maxAge);
        } catch (VaultException e) {
            failure = e;
        } catch (RuntimeException e) {
            unexpected = e;
        } catch (Error e) {
            fatal = e;
        } finally {
            nanos = System.nanoTime() - start;
        }
    }

    /**
     * Waits for the load to end and returns the profile. While the load still runs (usually still
     * unlocking), this thread first links the classes its resolution will need, which it would
     * otherwise load and verify itself ({@link ResolutionClasses}). An unexpected exception or
     * error on the loading thread is thrown here, on {@code premain}'s thread, which turns it into
     * one line.
     */
    ResolvedProfile join() throws VaultException {
        if (thread.running()) {
            try {
                ResolutionClasses.link();
            } catch (LinkageError e) {
                // Only a head start is lost: the load meets the same class and reports its failure itself.
            }
        }
        thread.join();
        if (fatal != null) {
            throw fatal;
        }
        if (unexpected != null) {
            throw unexpected;
        }
        if (failure != null) {
            throw failure;
        }
        return profile;
    }

    /** How long the load took on its thread, in milliseconds (for {@code verbose=true}); after {@link #join}. */
    double milliseconds() {
        return nanos / 1e6;
    }
}
