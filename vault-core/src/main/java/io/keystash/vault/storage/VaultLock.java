package io.keystash.vault.storage;

import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exclusive lock that serialises writers of one vault, across threads and processes.
 *
 * <p>An OS file lock on a separate lock file (the vault itself is replaced by rename, so it cannot
 * carry the lock), plus an in-process lock per file because OS locks are held per process. Waits
 * are bounded: past the limit the caller gets a clear "vault is busy" failure, never a hang.
 * A thread that holds the lock may take it again (nested acquisitions only count).
 */
public final class VaultLock implements AutoCloseable {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private VaultLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Waits up to {@code maxWait} for the lock on {@code lockFile} (created 0600 if missing). The
     * lock file and its folder must pass {@link TrustedPaths}' check.
     */
    public static VaultLock acquire(Path lockFile, Duration maxWait) throws VaultException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                p -> new ReentrantLock());
        if (threadLock.isHeldByCurrentThread()) {
            threadLock.lock();
            return new VaultLock(threadLock, null, null);
        }
        try {
            if (!threadLock.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy(lockFile, maxWait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.BUSY, "interrupted while waiting for the lock on " + lockFile);
        }
        FileChannel channel = null;
        try {
            // Nothing is created in a folder others may write to, and no lock file of theirs is used:
            // one they hold locked would stop every write (see TrustedPaths).
            TrustedPaths.requireTrustedFolder(lockFile.toAbsolutePath().getParent(), "vault folder");
            channel = FileChannel.open(lockFile, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    SecureFiles.ownerOnlyFile(lockFile.toAbsolutePath().getParent()));
            TrustedPaths.requireTrustedFile(lockFile, "lock file");
            long pause = 2;
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return new VaultLock(threadLock, channel, lock);
                }
                if (System.nanoTime() > deadline) {
                    throw busy(lockFile, maxWait);
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 50);
            }
        } catch (IOException e) {
            release(threadLock, channel);
            throw new VaultException(Failure.IO, "cannot lock " + lockFile + ": " + e.getMessage());
        } catch (InterruptedException e) {
            release(threadLock, channel);
            Thread.currentThread().interrupt();
            throw new VaultException(Failure.BUSY, "interrupted while waiting for the lock on " + lockFile);
        } catch (VaultException e) {
            release(threadLock, channel);
            throw e;
        }
    }

    private static VaultException busy(Path lockFile, Duration waited) {
        return new VaultException(Failure.BUSY, "vault is busy: another keystash process holds " + lockFile
                + " (waited " + waited.toSeconds() + " s); try again when it ends, or see which process it is with: fuser -v "
                + lockFile);
    }

    private static void release(ReentrantLock threadLock, FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the OS lock; nothing more to do if that fails.
            }
        }
        threadLock.unlock();
    }

    @Override
    public void close() {
        if (fileLock != null) {
            try {
                fileLock.release();
            } catch (IOException ignored) {
                // Closing the channel below releases it too.
            }
        }
        release(threadLock, channel);
    }
}
