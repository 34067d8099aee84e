package io.keystash.agent;

import io.keystash.agent.cache.ClassFileCache;
import io.keystash.agent.inject.ExpiredKeys;
import io.keystash.agent.inject.InjectionPlan;
import io.keystash.agent.intercept.Interception;
import io.keystash.agent.intercept.InterceptionException;
import io.keystash.agent.intercept.ReadHooks;
import io.keystash.agent.options.AgentOptions;
import io.keystash.agent.options.Expired;
import io.keystash.agent.options.OnError;
import io.keystash.agent.options.OptionException;
import io.keystash.agent.reads.ReadMap;
import io.keystash.agent.redact.Redaction;
import io.keystash.agent.reload.LiveKeys;
import io.keystash.vault.VaultException;
import io.keystash.vault.launch.LaunchEnvironment;
import io.keystash.vault.profile.ResolvedProfile;
import io.keystash.vault.storage.VaultPaths;
import io.keystash.vault.terminal.TerminalPrompt;
import io.keystash.vault.unlock.UnlockRequest;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's start, in order: read the options, load the profile (the vault's read at start),
 * plan what to inject, install the interception, set the properties; then, off the path the
 * program waits for, register the read map's exit hook and start the reload thread.
 *
 * <p>On failure with {@code onerror=fail}: one line, status 78, before the program's
 * {@code main}. With {@code onerror=warn}: one line, then the program runs without the profile's
 * keys; the unlock variables are still hidden from it and its children when possible.
 *
 * <p>What {@code onerror=warn} covers: every failure before the agent changes the JVM, that is
 * the options, the vault (read, unlock, profile), including an unexpected exception or error there
 * (an {@code OutOfMemoryError} in the KDF is the likely one); the loading thread is gone by then
 * and took what it allocated with it. Not covered: an unexpected failure while the interception
 * is being installed or the properties set, which stops the JVM with 78 whatever {@code onerror}
 * says ({@link KeystashAgent}), because the program would otherwise run with {@code java.lang.System}
 * half changed.
 */
final class AgentStartup {
    private final Instrumentation instrumentation;

    AgentStartup(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    void run(String arguments) {
        // Read before the interception exists: this is the real environment.
        Map<String, String> realEnvironment = System.getenv();
        AgentOptions options;
        try {
            options = AgentOptions.parse(arguments, realEnvironment);
        } catch (OptionException e) {
            fail(e.onError(), e.getMessage(), realEnvironment, null, null, false);
            return;
        }
        Console console = new Console(options.verbose());
        if (options.verbose()) {
            console.step("options " + options);
        }

        // The vault on a second thread, the interception's preparation on this one (see BackgroundProfileLoad).
        VaultPaths paths = VaultPaths.resolve(options.vault(), realEnvironment, System.getProperty("user.home"));
        UnlockRequest unlock = new UnlockRequest(options.identity(), options.keyFile(), options.passphraseFile(),
                options.passphraseCommand(), options.session() ? paths : null, realEnvironment);
        BackgroundProfileLoad loading = BackgroundProfileLoad.start(paths, unlock, options.profile(),
                options.prompt() ? new TerminalPrompt(Console.PREFIX,
                        "vault is locked: no passphrase was typed; start again and type it, or unlock it for a while with: keystash unlock") : null,
                options.maxAge());
        ReadMap readMap = new ReadMap(paths.home(), options.profile(), paths.vaultFile().toString());
        Interception interception = null;
        String notPrepared = null;
        try {
            interception = Interception.prepare(instrumentation, LaunchEnvironment.HIDDEN, cache(realEnvironment),
                    readMap.hooks());
            console.step("interception prepared: " + interception.origin());
        } catch (InterceptionException e) {
            notPrepared = e.getMessage();
        }

        ResolvedProfile profile;
        try {
            profile = loading.join();
            if (options.verbose()) {
                console.step("profile " + options.profile() + " loaded from " + paths + " on a second thread in "
                        + Console.milliseconds(loading.milliseconds()) + ": variables " + profile.environment().keySet()
                        + ", properties " + profile.properties().keySet() + "; waited for it");
            }
        } catch (VaultException e) {
            fail(options.onError(), e.getMessage(), realEnvironment, interception, notPrepared, options.verbose());
            return;
        } catch (RuntimeException | Error e) {
            // Nothing in the JVM was changed yet, so onerror=warn holds here too (an OutOfMemoryError
            // in the KDF under a small -Xmx, say). The class name only: a message could quote the vault.
            fail(options.onError(), "unexpected " + e.getClass().getName() + " while loading profile " + options.profile(),
                    realEnvironment, interception, notPrepared, options.verbose());
            return;
        }
        for (String withheld : profile.withheldLines()) {
            Console.line(withheld); // a setting not approved on this machine: the program runs without it
        }
        if (notPrepared != null) {
            fail(options.onError(), notPrepared, null, null, null, false);
            return;
        }
        if (!profile.expired().isEmpty() && options.expired() != Expired.SERVE) {
            if (options.expired() == Expired.REFUSE) {
                fail(options.onError(), ExpiredKeys.refusal(profile.expired()), realEnvironment, interception, null,
                        options.verbose());
                return;
            }
            for (String expired : ExpiredKeys.warnings(profile.expired())) {
                Console.line(expired);
            }
        }

        InjectionPlan plan = InjectionPlan.of(realEnvironment,
                options.env() ? profile.environment() : Map.of(),
                options.props() ? profile.properties() : Map.of(),
                System.getProperties(), options.override(), options.inheritToChildren());
        for (String conflict : plan.conflicts()) {
            Console.line(conflict);
        }
        try {
            interception.install(plan.programEnvironment(), plan.childAdditions(),
                    readMap.counters(plan.servedVariables().keySet()));
            console.step("System.getenv and ProcessBuilder intercepted");
        } catch (InterceptionException e) {
            fail(options.onError(), e.getMessage(), null, null, null, false);
            return;
        }
        Map<String, String> propertiesReplaced = plan.applyProperties();
        readMap.propertiesServed(plan.properties().keySet());
        console.step("system properties set");
        Redaction redaction = null;
        if (options.redact()) {
            redaction = Redaction.install(plan.keyValues(profile.keyOfName()));
            console.step("System.out and System.err redacted");
        }
        profile.rememberGeneration();
        // Not started here: run at exit, it writes the read map (names and counts, never a value).
        Runtime.getRuntime().addShutdownHook(new Thread(new AtExit(readMap, redaction), "keystash-agent-exit"));
        if (options.reload()) {
            LiveKeys.start(paths, unlock, options, realEnvironment, interception, readMap, redaction, profile, plan,
                    propertiesReplaced);
        }
        console.total();
    }

    /**
     * The cache of transformed classes in the Keystash home ({@code KEYSTASH_HOME}, else
     * {@code ~/.keystash}: vault-core's rule, asked without {@code KEYSTASH_VAULT} so that only the
     * home counts). An absent home is not created: then there is no cache.
     */
    private static ClassFileCache cache(Map<String, String> realEnvironment) {
        Map<String, String> homeOnly = new HashMap<>();
        String home = realEnvironment.get(VaultPaths.HOME_VARIABLE);
        if (home != null) {
            homeOnly.put(VaultPaths.HOME_VARIABLE, home);
        }
        String userHome = System.getProperty("user.home");
        return ClassFileCache.under(VaultPaths.resolve(null, homeOnly, userHome == null ? "" : userHome).folder());
    }

    /**
     * The {@code onerror} path. With {@code warn}, the unlock variables are still hidden when
     * {@code realEnvironment} is given (the failure was not in the interception itself): through
     * {@code interception} when it was prepared, else by preparing it now, unless
     * {@code notPrepared} says why it could not be.
     */
    private void fail(OnError onError, String message, Map<String, String> realEnvironment, Interception interception,
                      String notPrepared, boolean verbose) {
        if (onError == OnError.FAIL) {
            Console.halt(message);
            return;
        }
        Console.line(message + " (onerror=warn: the program runs without the vault's keys)");
        if (realEnvironment == null) {
            return;
        }
        if (notPrepared != null) {
            Console.line(notPrepared + " (the unlock variables stay visible)");
            return;
        }
        InjectionPlan hideOnly = InjectionPlan.of(realEnvironment, Map.of(), Map.of(),
                System.getProperties(), false, false);
        try {
            Interception hiding = interception != null ? interception
                    : Interception.prepare(instrumentation, LaunchEnvironment.HIDDEN, cache(realEnvironment), ReadHooks.none());
            hiding.install(hideOnly.programEnvironment(), Map.of(), Map.of());
            if (verbose) {
                Console.line("unlock variables hidden: " + hiding.origin());
            }
        } catch (InterceptionException e) {
            Console.line(e.getMessage() + " (the unlock variables stay visible)");
        }
    }
}
