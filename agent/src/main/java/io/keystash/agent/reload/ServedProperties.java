package io.keystash.agent.reload;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Properties;

/**
 * The system properties the agent set, and how a reload changes them. They are ordinary system
 * properties (Spring, Micronaut and SmallRye read {@code System.getProperties()} whole and keep the
 * object), so a reload changes them in place, in the one {@code Properties} object programs hold,
 * while holding that object's lock: every call that takes the lock itself ({@code clone},
 * {@code forEach}, {@code toString}, {@code store}, {@code equals}, Spring's
 * {@code PropertiesPropertySource.getPropertyNames}) sees all old or all new values, and
 * {@code getProperty} of one name sees its old or its new value, never none (new values are put
 * over old ones before a dropped binding is removed).
 *
 * <p>Only the agent's own values are changed: a property the program set itself since (its value
 * is no longer the very string the agent set) is left alone, and a dropped binding gives back the
 * {@code -D} value it replaced at start, if any, as an unset variable gives back the real one.
 */
final class ServedProperties {
    /** Name → the exact string the agent set. */
    private final Map<String, String> ours = new HashMap<>();
    /** Name → the value it replaced (a {@code -D} property with {@code override=true}). */
    private final Map<String, String> replaced = new HashMap<>();

    ServedProperties(Map<String, String> setAtStart, Map<String, String> replacedAtStart) {
        ours.putAll(setAtStart);
        replaced.putAll(replacedAtStart);
    }

    /**
     * Of {@code names}, those set now by someone other than the agent, with their values: what a
     * binding of the same name conflicts with ({@code override} decides).
     */
    Properties outside(Properties system, Collection<String> names) {
        Properties outside = new Properties();
        for (String name : names) {
            String value = system.getProperty(name);
            if (value != null && ours.get(name) != value) {
                outside.setProperty(name, value);
            }
        }
        return outside;
    }

    /**
     * Makes {@code next} the agent's properties: sets new and changed ones, then removes (or gives
     * back) dropped ones. The caller holds {@code system}'s lock. Returns the names left alone
     * because the program changed them.
     */
    List<String> apply(Properties system, Map<String, String> next) {
        List<String> leftAlone = new ArrayList<>();
        for (Map.Entry<String, String> property : next.entrySet()) {
            String name = property.getKey();
            String mine = ours.get(name);
            Object now = system.get(name);
            if (ours.containsKey(name) && now != mine) {
                leftAlone.add(name);
                ours.remove(name); // the program's from now on
                replaced.remove(name);
                continue;
            }
            if (!ours.containsKey(name) && now instanceof String value) {
                replaced.put(name, value);
            }
            system.setProperty(name, property.getValue());
            ours.put(name, property.getValue());
        }
        for (Iterator<Map.Entry<String, String>> it = ours.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> entry = it.next();
            String name = entry.getKey();
            if (next.containsKey(name)) {
                continue;
            }
            it.remove();
            String before = replaced.remove(name);
            if (system.get(name) != entry.getValue()) {
                continue; // changed by the program since: its value stays
            }
            if (before != null) {
                system.setProperty(name, before);
            } else {
                system.remove(name);
            }
        }
        return leftAlone;
    }

    /** The names the agent serves as properties now. */
    Collection<String> names() {
        return ours.keySet();
    }
}
