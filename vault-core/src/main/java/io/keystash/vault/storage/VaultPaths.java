package io.keystash.vault.storage;

import io.keystash.vault.VaultException;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a vault and its companions live.
 *
 * <p>The default home holds {@code vault}, {@code audit.log}, {@code backups/} and the lock file
 * {@code vault.lock}. A vault file with another name ({@code --vault prod.ks}) gets companions named
 * after it ({@code prod.ks.audit.log}, {@code prod.ks.backups/}, {@code prod.ks.lock}), so two
 * vaults in one folder never share an audit trail.
 */
public final class VaultPaths {
    public static final String HOME_VARIABLE = "KEYSTASH_HOME";
    public static final String VAULT_VARIABLE = "KEYSTASH_VAULT";
    public static final String DEFAULT_VAULT_NAME = "vault";

    private final Path vaultFile;
    private final Path home;

    private VaultPaths(Path vaultFile, Path home) {
        this.vaultFile = vaultFile.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
    }

    /**
     * Resolves the vault: an explicit file (option) wins, then {@code KEYSTASH_VAULT}, then
     * {@code KEYSTASH_HOME/vault}, then {@code ~/.keystash/vault}.
     */
    public static VaultPaths resolve(Path explicitVaultFile, Map<String, String> environment, String userHome) {
        String homeVariable = environment.get(HOME_VARIABLE);
        Path home = homeVariable != null && !homeVariable.isBlank() ? Path.of(homeVariable) : Path.of(userHome, ".keystash");
        if (explicitVaultFile != null) {
            return new VaultPaths(explicitVaultFile, home);
        }
        String vault = environment.get(VAULT_VARIABLE);
        if (vault != null && !vault.isBlank()) {
            return new VaultPaths(Path.of(vault), home);
        }
        return new VaultPaths(home.resolve(DEFAULT_VAULT_NAME), home);
    }

    /** The one message for a vault file that does not exist, ending with the command that makes one. */
    public static String noVaultMessage(Path vaultFile) {
        return "no vault at " + vaultFile + "; create one with: keystash init";
    }

    /** The paths for a given vault file; its folder stands in for the home (tools, tests, throwaway vaults). */
    public static VaultPaths of(Path vaultFile) {
        Path absolute = vaultFile.toAbsolutePath().normalize();
        return new VaultPaths(absolute, absolute.getParent());
    }

    /** The paths for a given vault file and {@code KEYSTASH_HOME}. */
    public static VaultPaths of(Path vaultFile, Path home) {
        return new VaultPaths(vaultFile, home);
    }

    /**
     * {@code KEYSTASH_HOME} (else {@code ~/.keystash}), which holds this machine's own state even
     * when the vault lives elsewhere.
     */
    public Path home() {
        return home;
    }

    public Path vaultFile() {
        return vaultFile;
    }

    /** The folder holding the vault (created 0700). */
    public Path folder() {
        return vaultFile.getParent();
    }

    public Path auditLog() {
        return companion("audit.log");
    }

    public Path backups() {
        return companion("backups");
    }

    public Path lockFile() {
        return folder().resolve(vaultFile.getFileName() + ".lock");
    }

    /**
     * Refuses (IO) the vault's folder, or a lock file, audit log or backups folder already beside
     * the vault, that fails {@link TrustedPaths}' check: another user's planted companions are
     * found before anything is written. The folder must exist.
     */
    public void requireTrusted() throws VaultException {
        TrustedPaths.requireTrustedFolder(folder(), "vault folder");
        TrustedPaths.requireTrustedFileIfPresent(lockFile(), "lock file");
        TrustedPaths.requireTrustedFileIfPresent(auditLog(), "audit log");
        if (Files.exists(backups(), LinkOption.NOFOLLOW_LINKS)) {
            TrustedPaths.requireTrustedFolder(backups(), "backups folder");
        }
    }

    private Path companion(String name) {
        String vaultName = vaultFile.getFileName().toString();
        return folder().resolve(DEFAULT_VAULT_NAME.equals(vaultName) ? name : vaultName + "." + name);
    }

    @Override
    public String toString() {
        return vaultFile.toString();
    }
}
