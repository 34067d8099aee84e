package io.keystash.vault.unlock;

import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.DataKey;
import io.keystash.vault.format.Header;
import io.keystash.vault.session.SessionClient;
import io.keystash.vault.session.SessionPlace;

/**
 * A running unlock session as a way in: each unlock sends the vault's slots to the session, which
 * opens the one sealed to the key it holds and answers with the data key. Nothing that opens a
 * slot ever reaches this process; {@link #close()} closes the connection.
 */
public final class SessionCredential implements Credential {
    private final SessionClient client;
    private final SessionPlace place;

    private SessionCredential(SessionClient client, SessionPlace place) {
        this.client = client;
        this.place = place;
    }

    /** The session at {@code place}, or null when none runs there. */
    static SessionCredential connect(SessionPlace place) throws VaultException {
        SessionClient client = SessionClient.connect(place);
        return client == null ? null : new SessionCredential(client, place);
    }

    KeySlots.Unlocked unlock(Header header) throws VaultException {
        SessionClient.Unwrapped unwrapped = client.unwrap(header.vaultId(), header.slots());
        return new KeySlots.Unlocked(DataKey.of(unwrapped.dataKey()), unwrapped.slot(), unwrapped.publicKey());
    }

    @Override
    public String origin() {
        return "unlock session " + place.socket();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "SessionCredential[" + place.socket() + "]";
    }
}
