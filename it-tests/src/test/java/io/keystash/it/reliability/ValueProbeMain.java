package io.keystash.it.reliability;

import io.keystash.it.support.Hashes;

/**
 * Run under the agent: prints {@code NAME=sha256:…} (or {@code NAME=null}) for each variable named
 * as an argument — what the program saw, never the value — then {@code main=ran}.
 */
public final class ValueProbeMain {
    private ValueProbeMain() {
    }

    public static void main(String[] args) {
        for (String name : args) {
            System.out.println(name + "=" + Hashes.of(System.getenv(name)));
        }
        System.out.println("main=ran");
    }
}
