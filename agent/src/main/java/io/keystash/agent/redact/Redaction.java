package io.keystash.agent.redact;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * {@code redact=on}: replaces {@code System.out} and {@code System.err} with print streams that
 * write through a {@link RedactingOutputStream} to the streams they replace, in the same charset.
 * What goes through them — {@code println}, {@code printf}, Logback's and Log4j2's console
 * appenders (which write to {@code System.out} as it is when they start, or look it up at each
 * write) — has every served value replaced by {@code [keystash:NAME]}. What does not — a stream
 * opened on {@code FileDescriptor.out}, {@code System.console()}, native code — is not redacted.
 */
public final class Redaction {
    private final RedactingOutputStream out;
    private final RedactingOutputStream err;

    private Redaction(RedactingOutputStream out, RedactingOutputStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Installs the redacting streams, redacting {@code served} (name → value).
     */
    public static Redaction install(Map<String, String> served) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        Charset outCharset = charset("stdout");
        Charset errCharset = charset("stderr");
        RedactingOutputStream out = new RedactingOutputStream(originalOut, Patterns.none(outCharset).with(served));
        RedactingOutputStream err = new RedactingOutputStream(originalErr, Patterns.none(errCharset).with(served));
        System.setOut(new PrintStream(out, true, outCharset));
        System.setErr(new PrintStream(err, true, errCharset));
        return new Redaction(out, err);
    }

    /** Redacts {@code served} too (a reload's values); the values before stay redacted. */
    public void serve(Map<String, String> served) {
        out.patterns(out.patterns().with(served));
        err.patterns(err.patterns().with(served));
    }

    /** Passes on what is held back (at exit). */
    public void release() {
        try {
            out.release();
            err.release();
        } catch (IOException e) {
            // the streams are going away with the program
        }
    }

    /**
     * The charset {@code System.out} or {@code System.err} writes with: {@code stdout.encoding}
     * (JDK 18 and later), {@code sun.stdout.encoding} (JDK 17, set on a terminal), else the
     * default charset, as the JDK chooses it.
     */
    static Charset charset(String stream) {
        for (String property : new String[] {stream + ".encoding", "sun." + stream + ".encoding"}) {
            String name = System.getProperty(property);
            if (name != null && !name.isEmpty()) {
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unknown) {
                    // try the next
                }
            }
        }
        return Charset.defaultCharset();
    }
}
