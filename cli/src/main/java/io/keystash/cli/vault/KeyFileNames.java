package io.keystash.cli.vault;

import java.nio.file.Path;

/** The member name a key file gets when none is given: its file name without extension. */
final class KeyFileNames {
    private KeyFileNames() {
    }

    /** {@code ci.key} → {@code ci}; characters a member name cannot hold become {@code -}; {@code key-file} if nothing is left. */
    static String memberNameFor(Path file) {
        String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        StringBuilder out = new StringBuilder();
        for (char c : stem.toCharArray()) {
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' || c == '@';
            out.append(ok ? c : '-');
        }
        while (out.length() > 0 && !Character.isLetterOrDigit(out.charAt(0))) {
            out.deleteCharAt(0);
        }
        String name = out.length() > 64 ? out.substring(0, 64) : out.toString();
        return name.isEmpty() ? "key-file" : name;
    }
}
