package io.keystash.vault.trust;

import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.model.KeyEntry;
import io.keystash.vault.state.StateFolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What approving a key on this machine approves, and the approval itself ({@code keystash trust}).
 * The fingerprint recorded is the one of the configuration that was reviewed, so a change that
 * lands between the review and the approval (another import) stays unapproved.
 *
 * @param key      the key's name
 * @param provider the key's provider id
 * @param config   its commands, endpoint and the settings that need approval
 * @param status   where it stands on this machine now
 */
public record KeyReview(String key, String provider, SensitiveConfig config, TrustStatus status) {
    /** The review of key {@code name} (NOT_FOUND when there is none). */
    public static KeyReview of(Vault vault, String name) throws VaultException {
        return of(vault, vault.key(name));
    }

    private static KeyReview of(Vault vault, KeyEntry key) {
        SensitiveConfig config = SensitiveConfig.of(key.metadata());
        return new KeyReview(key.name(), key.metadata().provider(), config, vault.approvals().status(key.name(), config));
    }

    /** Every key whose configuration is not approved on this machine, by name. */
    public static List<KeyReview> unapproved(Vault vault) throws VaultException {
        List<KeyReview> reviews = new ArrayList<>();
        for (KeyEntry key : vault.keys()) {
            KeyReview review = of(vault, key);
            if (review.status() == TrustStatus.UNAPPROVED) {
                reviews.add(review);
            }
        }
        return reviews;
    }

    /** The fingerprint approving records. */
    public String fingerprint() {
        return config.fingerprint();
    }

    /**
     * Records on this machine ({@code state}) the approval of every reviewed configuration, as it
     * was reviewed. A vault without an id (format 2) needs none: all its keys count as approved.
     */
    public static void approve(Vault vault, StateFolder state, List<KeyReview> reviews) throws VaultException {
        if (vault.vaultId() == null || reviews.isEmpty()) {
            return;
        }
        Map<String, String> approvals = new TreeMap<>();
        for (KeyReview review : reviews) {
            approvals.put(review.key(), review.config().isEmpty() ? null : review.fingerprint());
        }
        state.update(vault.vaultId(), facts -> facts.approvingAll(approvals));
    }
}
