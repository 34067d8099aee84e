package io.keystash.cli.doctor;

import io.keystash.cli.Keystash;
import io.keystash.vault.health.Finding;

import java.util.List;

/**
 * The unlock session's line of the check-up. The seam for the session: this build has no unlock
 * session, and says so plainly; where sessions exist, this class reports whether one runs for
 * this user and vault, and until when.
 */
final class SessionCheck {
    static final String AREA = "session";

    private SessionCheck() {
    }

    static List<Finding> check(Keystash root) {
        return List.of(Finding.note(AREA, "no unlock session support in this build"));
    }
}
