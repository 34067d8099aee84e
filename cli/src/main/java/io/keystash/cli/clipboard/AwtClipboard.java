package io.keystash.cli.clipboard;

import java.awt.Toolkit;
import java.awt.datatransfer.Clipboard;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.StringSelection;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The clipboard through AWT, where Java has a display (not headless). */
final class AwtClipboard implements ClipboardBackend {
    private Clipboard clipboard() {
        return Toolkit.getDefaultToolkit().getSystemClipboard();
    }

    @Override
    public void copy(byte[] utf8) {
        // AWT only takes Strings; this one lives in the helper JVM for the 45 s the value is shown.
        StringSelection selection = new StringSelection(new String(utf8, StandardCharsets.UTF_8));
        clipboard().setContents(selection, selection);
    }

    @Override
    public byte[] read() throws IOException {
        try {
            Object data = clipboard().getData(DataFlavor.stringFlavor);
            return data instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : null;
        } catch (UnsupportedFlavorException | IllegalStateException e) {
            return null;
        }
    }

    @Override
    public void clear() {
        StringSelection empty = new StringSelection("");
        clipboard().setContents(empty, empty);
    }
}
