package io.keystash.vault.health;

import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.members.Exposure;
import io.keystash.vault.members.Member;
import io.keystash.vault.model.Binding;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.model.Names;
import io.keystash.vault.model.Profile;
import io.keystash.vault.rotation.KeyStatus;
import io.keystash.vault.trust.KeyReview;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an unlocked vault tells: its members by name, each profile and what it binds, and what
 * needs doing about its keys (none yet, expired or due, settings not approved on this machine,
 * keys a removed member could read). Long lists are cut to a few names and a count, so a vault of
 * thousands of keys still fits a screen.
 */
public final class VaultContents {
    /** Keys due within this many days need doing now; within {@link #SOON_DAYS}, they are worth knowing. */
    public static final int DUE_DAYS = 7;
    public static final int SOON_DAYS = 30;
    private static final int NAMES_SHOWN = 5;
    private static final int BINDINGS_SHOWN = 6;

    private VaultContents() {
    }

    /**
     * The findings for {@code vault} on {@code today}; {@code defaultProfile} is the profile a
     * program gets without {@code profile=} ({@code KEYSTASH_PROFILE}, else {@code default}).
     */
    public static List<Finding> check(Vault vault, LocalDate today, String defaultProfile) throws VaultException {
        List<Finding> findings = new ArrayList<>();
        members(findings, vault);
        List<KeyEntry> keys = vault.keys();
        profiles(findings, vault, keys, defaultProfile);
        keys(findings, vault, keys, today);
        return findings;
    }

    private static void members(List<Finding> findings, Vault vault) throws VaultException {
        List<String> named = new ArrayList<>();
        for (Member member : vault.members()) {
            named.add(member.kind().label() + " " + Names.quote(member.name()));
        }
        Member opened = vault.openedBy();
        findings.add(Finding.ok("ways in", "members: " + String.join(", ", named)
                + (opened == null ? "" : "; unlocked now by " + Names.quote(opened.name()))));
    }

    private static void profiles(List<Finding> findings, Vault vault, List<KeyEntry> keys, String defaultProfile)
            throws VaultException {
        Set<String> bound = new HashSet<>();
        List<String> names = vault.profileNames();
        for (String name : names) {
            Profile profile = vault.profile(name);
            List<String> served = new ArrayList<>();
            for (Binding binding : profile.bindings()) {
                bound.add(binding.key());
                if (served.size() < BINDINGS_SHOWN) {
                    served.add(binding.key() + " as " + describe(binding));
                }
            }
            int more = profile.bindings().size() - served.size();
            findings.add(profile.bindings().isEmpty()
                    ? Finding.note("profiles", "profile " + Names.quote(name) + " binds nothing; add a key with: keystash profile add-key "
                            + name + " KEY")
                    : Finding.ok("profiles", "profile " + Names.quote(name) + ": " + String.join(", ", served)
                            + (more > 0 ? " and " + more + " more (keystash profile show " + name + ")" : "")));
        }
        if (!keys.isEmpty() && !names.contains(defaultProfile)) {
            findings.add(Finding.fix("profiles", "no profile " + Names.quote(defaultProfile) + ", the one programs get without profile=; "
                    + "make it with: keystash setup PROVIDER --profile " + defaultProfile));
        }
        List<String> unbound = new ArrayList<>();
        for (KeyEntry key : keys) {
            if (!bound.contains(key.name())) {
                unbound.add(key.name());
            }
        }
        if (!unbound.isEmpty()) {
            findings.add(Finding.note("profiles", count(unbound.size(), "key") + " in no profile, so served to no program: "
                    + names(unbound) + "; bind one with: keystash profile add-key " + defaultProfile + " " + unbound.get(0)));
        }
    }

    private static void keys(List<Finding> findings, Vault vault, List<KeyEntry> keys, LocalDate today) throws VaultException {
        if (keys.isEmpty()) {
            findings.add(Finding.fix("keys", "no keys yet; store a first one with: keystash setup PROVIDER"));
            return;
        }
        List<String> expired = new ArrayList<>();
        List<String> due = new ArrayList<>();
        List<String> soon = new ArrayList<>();
        for (KeyEntry key : keys) {
            KeyStatus status = KeyStatus.of(key, today);
            LocalDate expires = key.metadata().expires();
            if (expires != null && expires.isBefore(today)) {
                expired.add(key.name() + " (" + expires + ")");
            } else if (status.daysLeft() != null && status.daysLeft() <= DUE_DAYS) {
                due.add(key.name() + " (" + status.dueDate() + ")");
            } else if (status.daysLeft() != null && status.daysLeft() <= SOON_DAYS) {
                soon.add(key.name() + " (" + status.dueDate() + ")");
            }
        }
        if (!expired.isEmpty()) {
            findings.add(Finding.fix("keys", count(expired.size(), "key") + " expired: " + names(expired) + "; "
                    + rotate(expired)));
        }
        if (!due.isEmpty()) {
            findings.add(Finding.fix("keys", count(due.size(), "key") + " due within " + DUE_DAYS + " days: " + names(due) + "; "
                    + rotate(due)));
        }
        if (!soon.isEmpty()) {
            findings.add(Finding.note("keys", count(soon.size(), "key") + " due within " + SOON_DAYS + " days: " + names(soon)
                    + "; see them with: keystash check-expiry"));
        }
        if (expired.isEmpty() && due.isEmpty()) {
            findings.add(Finding.ok("keys", count(keys.size(), "key") + ", none expired or due within " + DUE_DAYS + " days"));
        }
        List<String> unapproved = new ArrayList<>();
        for (KeyReview review : KeyReview.unapproved(vault)) {
            unapproved.add(review.key());
        }
        if (!unapproved.isEmpty()) {
            findings.add(Finding.fix("keys", count(unapproved.size(), "key") + " with commands, endpoints or settings from elsewhere, "
                    + "not run or served on this machine: " + names(unapproved) + "; review them with: keystash trust "
                    + unapproved.get(0)));
        }
        Map<String, Integer> current = vault.currentVersions();
        for (Exposure exposure : vault.exposures()) {
            Map<String, Integer> left = exposure.unrotated(current);
            if (!left.isEmpty()) {
                List<String> named = new ArrayList<>(left.keySet());
                findings.add(Finding.fix("keys", "removed member " + Names.quote(exposure.member()) + " could read "
                        + count(named.size(), "key") + " not rotated since: " + names(named) + "; rotate at the provider, then: "
                        + "keystash rotate " + named.get(0)));
            }
        }
    }

    /** The command for a list of "name (date)" entries: the key's own rotate, or check-expiry for several. */
    private static String rotate(List<String> entries) {
        if (entries.size() == 1) {
            String name = entries.get(0).substring(0, entries.get(0).indexOf(' '));
            return "rotate it with: keystash rotate " + name;
        }
        return "see them with: keystash check-expiry";
    }

    private static String names(List<String> names) {
        if (names.size() <= NAMES_SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, NAMES_SHOWN)) + " and " + (names.size() - NAMES_SHOWN) + " more";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String describe(Binding binding) {
        if (binding.env() != null && binding.property() != null) {
            return binding.env() + " and property " + binding.property();
        }
        return binding.env() != null ? binding.env() : "property " + binding.property();
    }
}
