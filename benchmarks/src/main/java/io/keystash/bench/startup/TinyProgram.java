package io.keystash.bench.startup;

/**
 * The program every start-up launch runs: reads {@code VAR_0 … VAR_(n-1)} through
 * {@code System.getenv} and prints how many it found, so the harness can check that the agent (or
 * dotenvx) really served them. Nothing else: its own cost must be the same in every variant.
 */
public final class TinyProgram {
    private TinyProgram() {
    }

    public static void main(String[] args) {
        int found = 0;
        for (int i = 0; i < 20; i++) {
            if (System.getenv("VAR_" + i) != null) {
                found++;
            }
        }
        System.out.println(found);
    }
}
