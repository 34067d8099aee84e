package io.keystash.vault.rotation;

import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Profile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state of rotation across a vault on a given day, for {@code keystash report}: each key's
 * {@link KeyStatus} with the rotation provider that would rotate it and the profiles that serve it,
 * and totals per (vendor) provider and per profile, so that a stale corner of the vault shows.
 *
 * @param today      the day the report is about
 * @param keys       one row per key, by name
 * @param byProvider totals per vendor provider ({@code openai}, …, {@code custom})
 * @param byProfile  totals per profile, over the keys it binds
 */
public record RotationReport(LocalDate today, List<Row> keys, List<Total> byProvider, List<Total> byProfile) {
    public RotationReport {
        keys = List.copyOf(keys);
        byProvider = List.copyOf(byProvider);
        byProfile = List.copyOf(byProfile);
    }

    /**
     * One key.
     *
     * @param status           its age, due date, rotations…
     * @param rotationProvider the provider {@code rotate --due} would use, or null when none handles it
     * @param profiles         the profiles binding it, by name
     */
    public record Row(KeyStatus status, String rotationProvider, List<String> profiles) {
        public Row {
            profiles = List.copyOf(profiles);
        }
    }

    /**
     * Totals over a group of keys.
     *
     * @param name             the provider or profile
     * @param keys             how many keys
     * @param overdue          how many are past their due date
     * @param expired          how many are past their expiry date
     * @param rotations        value changes after the first store, summed
     * @param withoutRotationProvider keys that {@code rotate --due} cannot rotate
     */
    public record Total(String name, int keys, int overdue, int expired, int rotations, int withoutRotationProvider) {
        Total plus(Row row, LocalDate today) {
            KeyStatus s = row.status();
            boolean expiredNow = s.expires() != null && s.expires().isBefore(today);
            return new Total(name, keys + 1, overdue + (s.overdue() ? 1 : 0), expired + (expiredNow ? 1 : 0),
                    rotations + s.rotations(), withoutRotationProvider + (row.rotationProvider() == null ? 1 : 0));
        }
    }

    /** Chooses the rotation provider id for a key, or null. */
    @FunctionalInterface
    public interface ProviderChoice {
        String idFor(KeyEntry key);
    }

    /** The report over {@code keys} and {@code profiles} on {@code today}. */
    public static RotationReport of(List<KeyEntry> keys, List<Profile> profiles, LocalDate today, ProviderChoice choice) {
        Map<String, Set<String>> profilesOfKey = new TreeMap<>();
        for (Profile profile : profiles) {
            for (Binding binding : profile.bindings()) {
                profilesOfKey.computeIfAbsent(binding.key(), k -> new LinkedHashSet<>()).add(profile.name());
            }
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Total> byProvider = new TreeMap<>();
        Map<String, Total> byProfile = new TreeMap<>();
        for (Profile profile : profiles) {
            byProfile.put(profile.name(), new Total(profile.name(), 0, 0, 0, 0, 0));
        }
        for (KeyEntry key : keys) {
            Set<String> bound = profilesOfKey.getOrDefault(key.name(), Set.of());
            Row row = new Row(KeyStatus.of(key, today), choice.idFor(key), new ArrayList<>(bound));
            rows.add(row);
            String provider = key.metadata().provider();
            byProvider.put(provider, byProvider.getOrDefault(provider, new Total(provider, 0, 0, 0, 0, 0)).plus(row, today));
            for (String profile : bound) {
                byProfile.put(profile, byProfile.get(profile).plus(row, today));
            }
        }
        return new RotationReport(today, rows, new ArrayList<>(byProvider.values()), new ArrayList<>(byProfile.values()));
    }
}
