package io.keystash.it.agent.programs;

/** Prints {@code main=ran}: tells a test whether the agent let the program start. */
public final class MainRan {
    private MainRan() {
    }

    public static void main(String[] args) {
        System.out.println("main=ran");
    }
}
