package io.keystash.it.reliability;

import io.keystash.it.support.KeystashCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file and folder Keystash creates is owner-only — folders 0700, files 0600 — on first use
 * and after every kind of write the CLI can do, with the permissive umask 000 so that the modes
 * come from Keystash and not from the user's umask.
 *
 * <p>Each write is one {@link Step}, including rotation and rollback (the {@code backups/} folder
 * and its files, the {@code rotate --due} lock file) and export (the exported files, even the
 * {@code --plaintext} one).
 */
class PermissionsIT {
    @TempDir
    Path folder;

    /** A shell command run with umask 000; {@code $KEYSTASH} is the launcher. */
    private record Step(String name, String shell) {
    }

    @Test
    void everythingCreatedIsOwnerOnlyAfterEveryKindOfWrite() throws Exception {
        KeystashCli cli = new KeystashCli(folder.resolve("perm"));
        Path custom = cli.folder().resolve("elsewhere/deeper/prod.ks");
        List<Step> steps = List.of(
                new Step("init --key-file (first use: KEYSTASH_HOME missing)", "\"$KEYSTASH\" --key-file app.key init"),
                new Step("store", "printf v1 | \"$KEYSTASH\" store k --provider openai --expires-in 30d"),
                new Step("store --force", "printf v2 | \"$KEYSTASH\" store k --force"),
                new Step("rotate (backup first)", "printf v3 | \"$KEYSTASH\" rotate k"),
                new Step("rollback", "\"$KEYSTASH\" rollback k"),
                new Step("store with a rotate command, due", "printf d1 | \"$KEYSTASH\" store due --expires-in 1d --rotate-command 'echo d2'"),
                new Step("rotate --due", "\"$KEYSTASH\" rotate --due > /dev/null"),
                new Step("export", "\"$KEYSTASH\" export config.json"),
                new Step("export --include-secrets", "\"$KEYSTASH\" export sealed.yaml --include-secrets"),
                new Step("export --include-secrets --plaintext", "\"$KEYSTASH\" export clear.json --include-secrets --plaintext 2> /dev/null"),
                new Step("import .env", "printf 'IMPORTED_TOKEN=abc\\n' > in.env && \"$KEYSTASH\" import in.env --profile imp"),
                new Step("import an export", "\"$KEYSTASH\" import sealed.yaml --force"),
                new Step("get (audit append)", "\"$KEYSTASH\" get k > /dev/null"),
                new Step("profile create", "\"$KEYSTASH\" profile create dev"),
                new Step("profile add-key", "\"$KEYSTASH\" profile add-key dev k --env K"),
                new Step("profile remove-key", "\"$KEYSTASH\" profile remove-key dev k"),
                new Step("profile delete", "\"$KEYSTASH\" profile delete dev"),
                new Step("passwd", "printf new-passphrase | \"$KEYSTASH\" passwd"),
                new Step("keyfile create", "\"$KEYSTASH\" keyfile create second.key"),
                new Step("delete", "\"$KEYSTASH\" delete k --yes"),
                new Step("audit --verify", "\"$KEYSTASH\" audit --verify > /dev/null"),
                new Step("init --vault in new nested folders", "printf pp | \"$KEYSTASH\" --vault " + custom + " init"),
                new Step("store --vault", "printf v | KEYSTASH_KEY_FILE= API_KEY_MASTER=pp \"$KEYSTASH\" --vault " + custom + " store k"));
        cli.env("KEYSTASH_KEY_FILE", cli.keyFile().toString());
        int checked = 0;
        TreeSet<String> seen = new TreeSet<>();
        for (Step step : steps) {
            KeystashCli.Result result = cli.shell("umask 000; " + step.shell());
            assertThat(result.status()).as(step.name() + ": " + result).isZero();
            List<Path> created = new ArrayList<>(walk(cli.home()));
            created.addAll(walk(cli.folder().resolve("elsewhere")));
            for (String keyFile : List.of("app.key", "second.key", "config.json", "sealed.yaml", "clear.json")) {
                if (Files.exists(cli.folder().resolve(keyFile))) {
                    created.add(cli.folder().resolve(keyFile));
                }
            }
            for (Path path : created) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                String relative = cli.folder().relativize(path).toString();
                assertThat(mode).as("after %s: %s", step.name(), relative)
                        .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
                seen.add(relative.isEmpty() ? "." : relative);
                checked++;
            }
        }
        assertThat(seen).contains("home", "home/vault", "home/audit.log", "home/vault.lock", "app.key", "second.key",
                "elsewhere", "elsewhere/deeper", "elsewhere/deeper/prod.ks", "elsewhere/deeper/prod.ks.audit.log",
                "home/backups", "home/vault.rotate.lock", "config.json", "sealed.yaml", "clear.json");
        assertThat(seen.stream().filter(p -> p.startsWith("home/backups/vault-") && p.endsWith(".bak")).count())
                .as("a backup per rotation and rollback").isEqualTo(3);
        Summary.passed("permissions", steps.size() + " kinds of write under umask 000 (init, store, store --force, rotate, rollback, "
                        + "rotate --due, export (plain, --include-secrets, --plaintext), import (.env, export), get, profile "
                        + "create/add-key/remove-key/delete, passwd, keyfile create, delete, audit, --vault in new folders)", checked,
                "every one of " + seen.size() + " paths created (" + String.join(", ", seen) + ") 0700/0600 after every step");
    }

    private static List<Path> walk(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.toList();
        }
    }
}
