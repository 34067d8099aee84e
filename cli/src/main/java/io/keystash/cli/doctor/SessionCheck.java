package io.keystash.cli.doctor;

import io.keystash.cli.Keystash;
import io.keystash.cli.session.SessionText;
import io.keystash.vault.VaultException;
import io.keystash.vault.health.Finding;
import io.keystash.vault.session.SessionClient;
import io.keystash.vault.session.SessionPlace;

import java.util.List;

/**
 * The unlock session's line of the check-up: whether one runs for this user and vault, until when
 * and holding what; a socket left by a session that was killed; a session folder others could
 * have put a socket in; a session that does not answer. Nothing here starts or ends a session.
 */
final class SessionCheck {
    static final String AREA = "session";

    private SessionCheck() {
    }

    static List<Finding> check(Keystash root) {
        SessionPlace place = SessionPlace.of(root.vaultAccess().paths(), root.context().environment());
        try (SessionClient client = SessionClient.connect(place)) {
            if (client == null) {
                if (place.socketPresent()) {
                    return List.of(Finding.note(AREA, "no unlock session runs (a killed one left " + place.socket()
                            + ", which the next keystash unlock removes); to unlock for a while: keystash unlock"));
                }
                return List.of(Finding.note(AREA, "no unlock session runs; to unlock once for a while: keystash unlock"));
            }
            return List.of(Finding.ok(AREA, SessionText.describe(client.status())));
        } catch (VaultException e) {
            return List.of(Finding.fix(AREA, e.getMessage()));
        }
    }
}
