package io.keystash.vault.model;

import java.time.Instant;

/**
 * One value a key has had. Numbers only grow: a rollback adds a new version holding an old value.
 *
 * @param number    1, 2, 3, …
 * @param created   when it was stored
 * @param createdBy {@code user@host}
 * @param origin    how it came: {@code store}, {@code rotate}, {@code rotate (command)} (by a rotation provider), {@code rollback from 3}, {@code import}
 */
public record KeyVersion(int number, Instant created, String createdBy, String origin) {
}
