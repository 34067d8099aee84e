package io.keystash.remote.watch;

import io.keystash.remote.etcd.EtcdException;
import io.keystash.remote.etcd.Watch;
import io.keystash.remote.store.SharedVault;
import io.keystash.vault.VaultException;
import io.keystash.vault.VaultStore;
import io.keystash.vault.state.SyncAge;
import io.keystash.vault.unlock.Credential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a replica current: pull, then watch the store's manifest from the revision pulled, and
 * pull again on every change. A failure (store unreachable, a copy refused) is logged, and the
 * loop starts over after a pause that doubles up to {@link #MAX_BACKOFF}. Every {@code check}
 * the store is asked again even without an event, which both catches what a watch could miss and
 * records a successful sync for the agent's {@code max-age}. {@link #stop} ends it from another
 * thread (a SIGTERM's shutdown hook).
 */
public final class SyncWatch {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(SyncWatch.class);

    private final SharedVault shared;
    private final VaultStore store;
    private final Credential credential;
    private final Duration check;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object pulling = new Object();
    private volatile Watch current;
    private long lastGeneration = -1;

    public SyncWatch(SharedVault shared, VaultStore store, Credential credential, Duration check) {
        this.shared = shared;
        this.store = store;
        this.credential = credential;
        this.check = check;
    }

    /** Runs until {@link #stop}; returns then. */
    public void run() {
        Thread checker = new Thread(this::checkPeriodically, "keystash-sync-check");
        checker.setDaemon(true);
        checker.start();
        LOG.info("keeping {} in sync with {} (checked every {})", store.paths().vaultFile(), shared.url(),
                SyncAge.describe(check));
        Duration backoff = FIRST_BACKOFF;
        try {
            while (!stopping()) {
                try {
                    long revision = pull();
                    try (Watch watch = shared.watch(revision + 1)) {
                        current = watch;
                        if (stopping()) {
                            break;
                        }
                        LOG.info("watching {} from revision {}", shared.url(), revision + 1);
                        backoff = FIRST_BACKOFF;
                        while (!stopping()) {
                            if (watch.next() > 0) {
                                pull();
                            }
                        }
                    } finally {
                        current = null;
                    }
                } catch (VaultException | EtcdException e) {
                    if (stopping()) {
                        break;
                    }
                    LOG.warn("{}; trying again in {}", e.getMessage(), SyncAge.describe(backoff));
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
            LOG.info("stopped");
        } finally {
            checker.interrupt();
            finished.countDown();
        }
    }

    /** Asks the loop to end and waits up to {@code wait} for it to finish what it was doing. */
    public boolean stop(Duration wait) {
        stopped.countDown();
        Watch watch = current;
        if (watch != null) {
            watch.close();
        }
        try {
            return finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean stopping() {
        return stopped.getCount() == 0;
    }

    private void pause(Duration duration) {
        try {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    /** One pull, logged when it changed the replica; returns the store revision the replica equals. */
    private long pull() throws VaultException {
        synchronized (pulling) {
            SharedVault.Pulled pulled = shared.pull(store, credential);
            switch (pulled.outcome()) {
                case PULLED -> LOG.info("pulled generation {} (was {}){}", pulled.generation(), pulled.before(),
                        pulled.lastWrite() == null ? "" : ", written by " + pulled.lastWrite().who());
                case UNPUBLISHED -> {
                    if (lastGeneration != pulled.generation()) {
                        LOG.warn("the replica holds changes made offline; publish them with: keystash push");
                    }
                }
                case UP_TO_DATE -> {
                    if (lastGeneration != pulled.generation()) {
                        LOG.info("up to date at generation {}", pulled.generation());
                    }
                }
            }
            lastGeneration = pulled.generation();
            return pulled.revision();
        }
    }

    private void checkPeriodically() {
        String lastProblem = null;
        while (!stopping()) {
            pause(check);
            if (stopping() || Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                pull();
                lastProblem = null;
            } catch (VaultException e) {
                if (!e.getMessage().equals(lastProblem)) {
                    LOG.warn("periodic check: {}", e.getMessage());
                }
                lastProblem = e.getMessage();
            }
        }
    }
}
