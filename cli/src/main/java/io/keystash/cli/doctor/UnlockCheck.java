package io.keystash.cli.doctor;

import io.keystash.cli.Keystash;
import io.keystash.cli.VaultAccess;
import io.keystash.vault.Failure;
import io.keystash.vault.Vault;
import io.keystash.vault.VaultException;
import io.keystash.vault.health.Finding;
import io.keystash.vault.health.VaultContents;
import io.keystash.vault.session.SessionClient;
import io.keystash.vault.session.SessionPlace;
import io.keystash.vault.storage.TrustedPaths;
import io.keystash.vault.unlock.Credential;
import io.keystash.vault.unlock.UnlockRequest;
import io.keystash.vault.unlock.UnlockSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * How this shell unlocks the vault (the source vault-core's order picks, and whether its file is
 * kept private), then, unlocked, what the vault's contents need. Nothing unlocks without a source
 * or a person at a terminal: then the contents are not checked, which is said, not counted as a
 * problem. A credential that does not open the vault is a problem.
 */
final class UnlockCheck {
    static final String AREA = "ways in";

    private UnlockCheck() {
    }

    static List<Finding> check(Keystash root) {
        List<Finding> findings = new ArrayList<>();
        VaultAccess access = root.vaultAccess();
        UnlockRequest request = access.unlockRequest();
        String source = describeSource(request, findings);
        boolean canAsk = root.context().terminal().canPrompt();
        if (source == null && !canAsk) {
            findings.add(Finding.note(AREA, "nothing here unlocks without a person: profiles and keys not checked; "
                    + "check them too with e.g.: keystash --key-file FILE doctor"));
            return findings;
        }
        findings.add(Finding.note(AREA, source != null ? "this shell unlocks with " + source
                : "nothing here unlocks without a person: commands ask on the terminal, and so does the agent (prompt=auto)"));
        try (Credential credential = access.credential()) {
            try (Vault vault = access.store().open(credential)) {
                findings.addAll(VaultContents.check(vault, LocalDate.now(ZoneOffset.UTC), root.defaultProfile()));
            } catch (VaultException e) {
                findings.add(Finding.fix(AREA, e.failure() != Failure.WRONG_KEY ? e.getMessage()
                        : credential.origin() + " opens none of the vault's ways in (above); try another, e.g.: "
                                + "keystash --key-file FILE doctor"));
            }
        } catch (VaultException e) {
            findings.add(Finding.fix(AREA, e.getMessage()));
        }
        return findings;
    }

    /** The source vault-core would use, as words, or null; a file source kept where others may read it is a finding. */
    private static String describeSource(UnlockRequest request, List<Finding> findings) {
        String[][] fileSources = {
            {pathText(request.identityFile()), UnlockSources.IDENTITY_VARIABLE, "identity file", "keystash identity create "},
            {pathText(request.keyFile()), UnlockSources.KEY_FILE_VARIABLE, "key file", "keystash keyfile create "},
            {pathText(request.passphraseFile()), UnlockSources.PASSPHRASE_FILE_VARIABLE, "passphrase file", null},
        };
        for (String[] source : fileSources) {
            String given = source[0] != null ? source[0] : blankToNull(request.environment().get(source[1]));
            if (given != null) {
                Path file = Path.of(given);
                String makeOne = source[3] != null ? source[3] + file
                        : source[0] != null ? "keystash --passphrase-file FILE doctor" : "unset " + source[1];
                privateFile(file, source[2], makeOne, findings);
                return source[2] + " " + file + (source[0] != null ? "" : " (" + source[1] + ")");
            }
        }
        String command = request.passphraseCommand() != null ? request.passphraseCommand()
                : blankToNull(request.environment().get(UnlockSources.PASSPHRASE_COMMAND_VARIABLE));
        if (command != null) {
            return "passphrase command '" + command + "'"
                    + (request.passphraseCommand() != null ? "" : " (" + UnlockSources.PASSPHRASE_COMMAND_VARIABLE + ")");
        }
        if (request.sessionVault() != null
                && Boolean.TRUE.equals(SessionClient.running(SessionPlace.of(request.sessionVault(), request.environment())))) {
            return "the running unlock session (keystash unlock --status shows it)";
        }
        if (blankToNull(request.environment().get(UnlockSources.PASSPHRASE_VARIABLE)) != null) {
            findings.add(Finding.note(AREA, UnlockSources.PASSPHRASE_VARIABLE + " holds the passphrase, where every process "
                    + "started from here can read it; prefer a key file: keystash keyfile create FILE"));
            return "the passphrase in " + UnlockSources.PASSPHRASE_VARIABLE;
        }
        return null;
    }

    private static void privateFile(Path file, String what, String makeOne, List<Finding> findings) {
        if (!Files.exists(file)) {
            findings.add(Finding.fix(AREA, what + " " + file + " does not exist; " + (makeOne.startsWith("keystash")
                    && !makeOne.endsWith("doctor") ? "make one with: " : "give another, or: ") + makeOne));
            return;
        }
        try {
            String problem = TrustedPaths.whyUntrusted(file, what, false);
            if (problem != null) {
                findings.add(Finding.fix(AREA, problem));
            }
        } catch (VaultException e) {
            findings.add(Finding.fix(AREA, e.getMessage()));
        }
    }

    private static String pathText(Path path) {
        return path == null ? null : path.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
