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
        SensitiveText selection = new SensitiveText(new String(utf8, StandardCharsets.UTF_8));
        clipboard().setContents(selection, selection);
    }

    /**
     * The text, and the {@code x-kde-passwordManagerHint} type with the value {@code secret}, which
     * clipboard histories (KDE's Klipper, CopyQ, cliphist and others) take as "do not keep this".
     */
    private static final class SensitiveText extends StringSelection {
        private static final DataFlavor HINT = hintFlavor();
        private final String text;

        SensitiveText(String text) {
            super(text);
            this.text = text;
        }

        private static DataFlavor hintFlavor() {
            try {
                DataFlavor flavor = new DataFlavor("x-kde-passwordManagerHint;class=java.io.InputStream");
                java.awt.datatransfer.FlavorMap map = java.awt.datatransfer.SystemFlavorMap.getDefaultFlavorMap();
                if (map instanceof java.awt.datatransfer.SystemFlavorMap system) {
                    system.addUnencodedNativeForFlavor(flavor, "x-kde-passwordManagerHint");
                }
                return flavor;
            } catch (ClassNotFoundException | IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public DataFlavor[] getTransferDataFlavors() {
            DataFlavor[] text = super.getTransferDataFlavors();
            if (HINT == null) {
                return text;
            }
            DataFlavor[] all = java.util.Arrays.copyOf(text, text.length + 1);
            all[text.length] = HINT;
            return all;
        }

        @Override
        public boolean isDataFlavorSupported(DataFlavor flavor) {
            return flavor.equals(HINT) || super.isDataFlavorSupported(flavor);
        }

        @Override
        public Object getTransferData(DataFlavor flavor) throws UnsupportedFlavorException, IOException {
            if (HINT != null && flavor.equals(HINT)) {
                return new java.io.ByteArrayInputStream("secret".getBytes(StandardCharsets.US_ASCII));
            }
            return super.getTransferData(flavor);
        }

        @Override
        public String toString() {
            return "SensitiveText[" + text.length() + " chars]";
        }
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
