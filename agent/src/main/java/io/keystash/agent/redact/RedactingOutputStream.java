package io.keystash.agent.redact;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Passes bytes on to {@code target} with every pattern replaced, holding back only a tail that is
 * a proper beginning of a pattern (more bytes may complete it): {@code print("sk-ab")} then
 * {@code println("cdef…")} is still caught, while output that ends in no beginning of a value goes
 * through at once. A held tail is passed on with the next write that shows it is not a value, or
 * when the stream is {@linkplain #release released} (the agent does at exit) or closed.
 *
 * <p>Synchronized: its print stream calls it under its own lock, but the agent's exit hook
 * releases it from another thread.
 */
final class RedactingOutputStream extends OutputStream {
    private final OutputStream target;
    private volatile Patterns patterns;
    private byte[] held = new byte[64];
    private int heldLength;

    RedactingOutputStream(OutputStream target, Patterns patterns) {
        this.target = target;
        this.patterns = patterns;
    }

    /** From now on, redacts {@code next} (which holds the patterns before it, see {@link Patterns#with}). */
    void patterns(Patterns next) {
        patterns = next;
    }

    Patterns patterns() {
        return patterns;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        if (heldLength == 0) {
            pass(bytes, offset, offset + length, true);
            return;
        }
        if (heldLength + length > held.length) {
            held = Arrays.copyOf(held, Math.max(held.length * 2, heldLength + length));
        }
        System.arraycopy(bytes, offset, held, heldLength, length);
        int end = heldLength + length;
        heldLength = 0;
        pass(held, 0, end, true);
    }

    /**
     * Writes {@code bytes[from..end)} with patterns replaced; with {@code more}, keeps a tail that
     * may become a pattern in {@link #held} instead of writing it.
     */
    private void pass(byte[] bytes, int from, int end, boolean more) throws IOException {
        Patterns current = patterns;
        int start = from;
        int position = from;
        while (position < end) {
            int match = current.match(bytes, position, end, more);
            if (match >= 0) {
                target.write(bytes, start, position - start);
                target.write(current.replacement(match));
                position += current.pattern(match).length;
                start = position;
            } else if (match == Patterns.PARTIAL) {
                break;
            } else {
                position++;
            }
        }
        if (position > start) {
            target.write(bytes, start, position - start);
        }
        int tail = end - position;
        if (tail > 0) {
            if (tail > held.length) {
                held = new byte[Math.max(held.length * 2, tail)];
            }
            System.arraycopy(bytes, position, held, 0, tail); // may overlap when bytes is held: arraycopy copies safely
        }
        heldLength = tail;
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    /** Passes on any held tail (it was not a value after all), then flushes. */
    synchronized void release() throws IOException {
        if (heldLength > 0) {
            int end = heldLength;
            heldLength = 0;
            pass(held, 0, end, false);
        }
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        release();
        target.close();
    }
}
