package io.keystash.it.agent.bench;

/** The program the start-up benchmark launches: reads one variable and prints its length. */
public final class TinyProgram {
    private TinyProgram() {
    }

    public static void main(String[] args) {
        String value = System.getenv("VAR_0");
        System.out.println(value == null ? -1 : value.length());
    }
}
