package io.keystash.agent.inject;

import io.keystash.vault.model.Names;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lines of {@code expired=warn} and {@code expired=refuse} about bound keys past their expiry
 * date: key names and dates, never a value.
 */
public final class ExpiredKeys {
    private ExpiredKeys() {
    }

    /** One line per key: {@code key 'openai' expired on 2024-01-31; still served (expired=warn)}. */
    public static List<String> warnings(Map<String, LocalDate> expired) {
        List<String> lines = new ArrayList<>(expired.size());
        for (Map.Entry<String, LocalDate> key : expired.entrySet()) {
            lines.add(warning(key.getKey(), key.getValue()));
        }
        return lines;
    }

    /** The line for one key. */
    public static String warning(String key, LocalDate expires) {
        return "key " + Names.quote(key) + " expired on " + expires + "; still served (expired=warn; rotate it: keystash rotate "
                + key + ")";
    }

    /** One line naming every expired key: {@code key 'openai' expired on 2024-01-31 (expired=refuse)}. */
    public static String refusal(Map<String, LocalDate> expired) {
        StringBuilder line = new StringBuilder(expired.size() == 1 ? "key " : "keys ");
        int i = 0;
        for (Map.Entry<String, LocalDate> key : expired.entrySet()) {
            if (i > 0) {
                line.append(i == expired.size() - 1 ? " and " : ", ");
            }
            line.append(Names.quote(key.getKey()));
            line.append(expired.size() == 1 ? " expired on " : " (expired ").append(key.getValue()).append(expired.size() == 1 ? "" : ")");
            i++;
        }
        if (expired.size() > 1) {
            line.append(" have expired");
        }
        return line.append(" (expired=refuse: rotate with keystash rotate, or start with expired=warn)").toString();
    }
}
