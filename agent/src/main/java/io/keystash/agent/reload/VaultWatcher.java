package io.keystash.agent.reload;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;

/**
 * The reload thread's loop: a {@link WatchService} on the vault's folder (a vault is replaced by
 * a rename, so the file itself cannot be watched), woken only by changes in that folder; a change
 * of the vault's name (created, replaced, modified, deleted) makes a {@link Reload}. A vault named
 * through a symbolic link is watched at both ends. Nothing polls: idle, the thread and the JDK's
 * own watch thread are blocked, holding one inotify instance and watch on Linux.
 *
 * <p>It begins {@value #START_DELAY_MILLIS} ms after {@code premain} returns ({@link LiveKeys}
 * waits before loading it), so that a program's start does not share the CPU with it, then checks
 * the file once (a rotation between the agent's
 * read and the watch is not missed). Changes that arrive within {@value #SETTLE_MILLIS} ms of each
 * other make one reload (a file written in place fires several).
 */
final class VaultWatcher implements Runnable {
    static final long START_DELAY_MILLIS = 500;
    static final long SETTLE_MILLIS = 25;

    private final Reload reload;

    VaultWatcher(Reload reload) {
        this.reload = reload;
    }

    /** Watches until the thread ends ({@link LiveKeys} waits {@link #START_DELAY_MILLIS} before). */
    @Override
    public void run() {
        try {
            watch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch() throws InterruptedException {
        Path file = reload.paths().vaultFile();
        Map<WatchKey, String> watched = new HashMap<>();
        try (WatchService service = file.getFileSystem().newWatchService()) {
            register(service, file, watched);
            if (Files.isSymbolicLink(file)) {
                try {
                    register(service, file.toRealPath(), watched);
                } catch (IOException e) {
                    // a dangling link: the reload reports what is wrong with the vault
                }
            }
            reload.serveIfNewer();
            while (true) {
                WatchKey key = service.take();
                boolean changed = changed(key, watched);
                if (!key.reset()) {
                    watched.remove(key);
                    if (watched.isEmpty()) {
                        reload.stopped("the folder of " + file + " is gone");
                        return;
                    }
                }
                if (changed) {
                    Thread.sleep(SETTLE_MILLIS);
                    WatchKey more;
                    while ((more = service.poll()) != null) {
                        changed(more, watched);
                        if (!more.reset()) {
                            watched.remove(more);
                        }
                    }
                    reload.serveIfNewer();
                }
            }
        } catch (IOException e) {
            reload.stopped("cannot watch the folder of " + file + ": " + e.getMessage());
        } catch (ClosedWatchServiceException e) {
            // closed from outside: nothing more to watch
        }
    }

    private static void register(WatchService service, Path file, Map<WatchKey, String> watched) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        WatchKey key = folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        watched.put(key, file.getFileName().toString());
    }

    /** Whether {@code key}'s events include a change of its watched name (or were too many to tell). */
    private static boolean changed(WatchKey key, Map<WatchKey, String> watched) {
        String name = watched.get(key);
        boolean changed = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            changed |= event.kind() == StandardWatchEventKinds.OVERFLOW || (name != null && name.equals(String.valueOf(event.context())));
        }
        return changed;
    }
}
