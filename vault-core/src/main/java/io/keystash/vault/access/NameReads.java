package io.keystash.vault.access;

/**
 * What one program run did with one name it was served.
 *
 * @param kind   an environment variable or a system property
 * @param name   the variable's or property's name
 * @param count  how many times the program read it; {@link #NOT_OBSERVED} for a property (system
 *               properties are plain properties under the agent, and their reads are not seen)
 * @param first  when it was first read (milliseconds since the epoch), 0 if never
 * @param last   when it was last read, 0 if never
 * @param caller the first class outside the JDK on the stack at its first read, or null
 */
public record NameReads(Kind kind, String name, long count, long first, long last, String caller) {
    /** The count of a name whose reads are not seen. */
    public static final long NOT_OBSERVED = -1;

    /** How a name was served. */
    public enum Kind {
        VARIABLE("env"), PROPERTY("prop");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }

        static Kind of(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown kind " + code);
        }
    }

    /** Whether reads of this name are counted at all. */
    public boolean observed() {
        return count != NOT_OBSERVED;
    }

    /** Whether the program read it at least once. */
    public boolean read() {
        return count > 0;
    }
}
