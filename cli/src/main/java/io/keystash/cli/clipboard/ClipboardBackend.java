package io.keystash.cli.clipboard;

import java.io.IOException;

/** One way to reach the desktop clipboard. */
interface ClipboardBackend {
    /** Puts {@code utf8} on the clipboard. */
    void copy(byte[] utf8) throws IOException;

    /** What the clipboard holds now, or null when that cannot be known. */
    byte[] read() throws IOException;

    /** Empties the clipboard. */
    void clear() throws IOException;

    /** The backend for a kind named by {@link ClipboardCopy}: {@code awt}, or a tool and its path. */
    static ClipboardBackend of(String kind, String toolPath) {
        return switch (kind) {
            case "awt" -> new AwtClipboard();
            case "wl-copy", "xclip", "xsel" -> ToolClipboard.of(kind, toolPath);
            default -> throw new IllegalArgumentException("unknown clipboard kind " + kind);
        };
    }
}
