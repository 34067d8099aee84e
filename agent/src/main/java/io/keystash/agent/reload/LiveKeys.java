package io.keystash.agent.reload;

import io.keystash.agent.inject.InjectionPlan;
import io.keystash.agent.intercept.Interception;
import io.keystash.agent.options.AgentOptions;
import io.keystash.agent.reads.ReadMap;
import io.keystash.agent.redact.Redaction;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.unlock.UnlockRequest;

import java.util.Map;

/**
 * Starts the reload thread as {@code premain} ends: a daemon thread, so the program's end is never
 * held up by it. This class only keeps what the start served; {@link Reload}, {@link VaultWatcher}
 * and the JDK classes they use load on that thread, not on the path the program waits for.
 */
public final class LiveKeys implements Runnable {
    static final String THREAD_NAME = "keystash-agent-reload";

    private final VaultPaths paths;
    private final UnlockRequest unlock;
    private final AgentOptions options;
    private final Map<String, String> realEnvironment;
    private final Interception interception;
    private final ReadMap readMap;
    private final Redaction redaction;
    private final ResolvedProfile started;
    private final InjectionPlan plan;
    private final Map<String, String> propertiesReplaced;

    private LiveKeys(VaultPaths paths, UnlockRequest unlock, AgentOptions options, Map<String, String> realEnvironment,
                     Interception interception, ReadMap readMap, Redaction redaction, ResolvedProfile started,
                     InjectionPlan plan, Map<String, String> propertiesReplaced) {
        this.paths = paths;
        this.unlock = unlock;
        this.options = options;
        this.realEnvironment = realEnvironment;
        this.interception = interception;
        this.readMap = readMap;
        this.redaction = redaction;
        this.started = started;
        this.plan = plan;
        this.propertiesReplaced = propertiesReplaced;
    }

    /**
     * Starts watching for new generations of the vault at {@code paths}, served as the start served
     * {@code started} (see {@link Reload} for the parameters).
     */
    public static void start(VaultPaths paths, UnlockRequest unlock, AgentOptions options, Map<String, String> realEnvironment,
                             Interception interception, ReadMap readMap, Redaction redaction, ResolvedProfile started,
                             InjectionPlan plan, Map<String, String> propertiesReplaced) {
        Thread thread = new Thread(new LiveKeys(paths, unlock, options, realEnvironment, interception, readMap, redaction,
                started, plan, propertiesReplaced), THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            // First the wait, then the classes: a short program is over before this thread loads any.
            Thread.sleep(VaultWatcher.START_DELAY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        new VaultWatcher(new Reload(paths, unlock, options, realEnvironment, interception, readMap, redaction, started, plan,
                propertiesReplaced)).run();
    }
}
