package io.keystash.cli.terminal;

/**
 * Text for a person's terminal that may have come from a file or from someone else (an imported
 * version's {@code createdBy}, a description, an audit log line): control characters are shown
 * escaped (ESC as a backslash, {@code u001b}), so an ESC sequence cannot repaint or retitle the terminal, a CR or LF
 * cannot forge a line of output, and a bidirectional override cannot reorder what is read.
 * {@code --json} output needs none of this: JSON escapes control characters itself.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code text} with every control, line-separator and bidirectional-control character as a backslash, {@code u} and four hex digits; null stays null. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean unsafe(char c) {
        return Character.isISOControl(c)                // C0, DEL, C1 (CSI 0x9b included)
                || c == '\u2028' || c == '\u2029'        // line and paragraph separators
                || (c >= '\u202a' && c <= '\u202e')      // bidirectional embeddings and overrides
                || (c >= '\u2066' && c <= '\u2069')      // bidirectional isolates
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }
}
