package io.keystash.bench.live;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls {@code System.getenv(NAME)} every millisecond and prints {@code seen HASH MICROS} when the
 * value changes ({@code String.hashCode} of the value — the benchmark's values are made up — and
 * the wall-clock time in microseconds since the epoch); prints {@code ready} first and ends when
 * its stdin closes.
 */
public final class PollingProgram {
    private PollingProgram() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        System.out.println("ready");
        System.out.flush();
        Thread poller = new Thread(() -> {
            String last = null;
            while (true) {
                String value = System.getenv(name);
                if (value != null && !value.equals(last)) {
                    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                    System.out.println("seen " + value.hashCode() + " " + micros);
                    System.out.flush();
                    last = value;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "poller");
        poller.setDaemon(true);
        poller.start();
        while (System.in.read() >= 0) {
            // until stdin closes
        }
    }
}
