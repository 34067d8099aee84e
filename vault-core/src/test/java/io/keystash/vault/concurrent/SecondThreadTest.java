package io.keystash.vault.concurrent;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class SecondThreadTest {
    @Test
    void joinWaitsForTheWorkThroughAnInterruptAndRestoresIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        SecondThread second = SecondThread.start(() -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.set(true);
        }, "second-thread-test");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.running()).as("running while its work waits").isTrue();

        Thread.currentThread().interrupt();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                // released below either way
            }
            release.countDown();
        });
        releaser.start();
        second.join();

        assertThat(done).isTrue();
        assertThat(second.running()).as("running after join").isFalse();
        assertThat(Thread.interrupted()).as("interrupt restored (and cleared here)").isTrue();
        releaser.join();
    }
}
