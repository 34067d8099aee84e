package io.keystash.vault.trust;

import io.keystash.vault.model.KeyMetadata;

import java.util.Map;

/**
 * This machine's approvals of one vault's keys: key name → the {@linkplain SensitiveConfig#fingerprint()
 * fingerprint} of the configuration approved here. A key's commands are run and its settings that need approval
 * served only when its configuration now has the approved fingerprint (or needs no approval), so a
 * change made anywhere else — an import, another member of a shared vault, another machine —
 * needs approving here before it takes effect, while a change made here by the local user
 * ({@code store}, {@code setup}, {@code rotate --rotate-command}) is approved as it is written.
 *
 * <p>The CLI and the agent decide with this one class. It lives in memory for one opened vault;
 * the approvals themselves are kept in {@code KEYSTASH_HOME/state/}, outside the vault (see
 * {@link io.keystash.vault.state.VaultFacts}), because what one machine approved must not travel
 * with the vault to the next.
 */
public final class Approvals {
    private static final Approvals EVERYTHING = new Approvals(null);
    private static final Approvals NOTHING = new Approvals(Map.of());

    /** Key name → approved fingerprint; null: every key is approved (a vault from before approvals). */
    private final Map<String, String> fingerprints;

    private Approvals(Map<String, String> fingerprints) {
        this.fingerprints = fingerprints;
    }

    /** The approvals recorded on this machine: key name → fingerprint. */
    public static Approvals of(Map<String, String> fingerprints) {
        return new Approvals(Map.copyOf(fingerprints));
    }

    /**
     * Every key approved: a vault written before approvals existed (format 2), whose keys were all
     * set up before, and whose first write by this version records them as approved.
     */
    public static Approvals everything() {
        return EVERYTHING;
    }

    /** No approval at all (a copy of a vault opened from bytes, which is never run from). */
    public static Approvals nothing() {
        return NOTHING;
    }

    /** Where key {@code name} with {@code metadata} stands. */
    public TrustStatus status(String name, KeyMetadata metadata) {
        return status(name, SensitiveConfig.of(metadata));
    }

    /** Where key {@code name} with sensitive configuration {@code config} stands. */
    public TrustStatus status(String name, SensitiveConfig config) {
        if (config.isEmpty()) {
            return TrustStatus.NOT_NEEDED;
        }
        if (fingerprints == null) {
            return TrustStatus.APPROVED;
        }
        String approved = fingerprints.get(name);
        return approved != null && approved.equals(config.fingerprint()) ? TrustStatus.APPROVED : TrustStatus.UNAPPROVED;
    }

    /** True when key {@code name}'s commands may run and its settings be served as {@code metadata} has them. */
    public boolean approves(String name, KeyMetadata metadata) {
        return status(name, metadata) != TrustStatus.UNAPPROVED;
    }

    /**
     * Whether a change made here by the local user, from {@code before} to {@code after} (a
     * rotation that sets a command), leaves the key approved: yes when {@code after} is approved
     * as it is, when {@code before} was approved (the user changed an approved configuration), or
     * when every sensitive part of {@code after} is one the change set itself. Otherwise a part
     * that came from elsewhere is still unapproved, and stays so.
     */
    public boolean approvesEdit(String name, KeyMetadata before, KeyMetadata after) {
        SensitiveConfig was = SensitiveConfig.of(before);
        SensitiveConfig now = SensitiveConfig.of(after);
        return status(name, now) != TrustStatus.UNAPPROVED || status(name, was) != TrustStatus.UNAPPROVED
                || now.keptFrom(was).isEmpty();
    }

    @Override
    public String toString() {
        return fingerprints == null ? "Approvals[everything]" : "Approvals" + fingerprints.keySet();
    }
}
