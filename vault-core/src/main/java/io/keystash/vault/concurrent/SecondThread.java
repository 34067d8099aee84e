package io.keystash.vault.concurrent;

/**
 * A daemon thread for one piece of work whose result the starting thread always needs: the
 * agent's profile load beside its interception set-up, the second half of a large vault's MAC.
 *
 * <p>Why {@link #join} ignores interrupts: the work ends by itself within milliseconds and its
 * result is needed; giving up early would leave the caller without it (or, in the agent, let the
 * program's {@code main} run before the vault was unlocked). The interrupt is restored afterwards.
 */
public final class SecondThread {
    private final Thread thread;

    private SecondThread(Thread thread) {
        this.thread = thread;
    }

    /** Starts {@code work} on a new daemon thread called {@code name}. */
    public static SecondThread start(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return new SecondThread(thread);
    }

    /** Whether the work is still running. */
    public boolean running() {
        return thread.isAlive();
    }

    /** Waits until the work has ended, through any interrupt, then restores the interrupt. */
    public void join() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
