package io.keystash.it.agent.programs;

/**
 * Writes the variable named by its argument to System.out and System.err in every way a program
 * does — {@code println}, {@code printf}, a value split across two {@code print}s of one line,
 * {@code write} of bytes — for the redaction test, which checks none of it shows the value. Under
 * the agent with {@code redact=on} only: without it, this prints a secret.
 */
public final class PrintProbe {
    private PrintProbe() {
    }

    public static void main(String[] args) {
        String value = System.getenv(args[0]);
        if (value == null || value.length() < 12) {
            System.out.println("main=no value to print");
            return;
        }
        System.out.println("println " + value);
        System.out.printf("printf [%s]%n", value);
        System.out.print("split " + value.substring(0, 6));
        System.out.flush();
        System.out.print(value.substring(6));
        System.out.println(" end");
        byte[] bytes = ("bytes " + value + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.out.write(bytes, 0, bytes.length);
        System.err.println("stderr " + value);
        System.out.println("main=ran");
        // The first characters of the value, and nothing after: held back as a possible value, passed on at exit.
        System.out.print("last " + value.substring(0, 4));
    }
}
