/**
 * The vault's check-up for {@code keystash doctor}: what can be told about a set-up from its files
 * alone (modes, format, the ways in, backups) and, once unlocked, from its contents (profiles and
 * what they bind, keys expired or due, settings not approved, keys a removed member could read).
 * Every finding is one line that ends with the command to run when something needs doing; none
 * holds a value.
 */
package io.keystash.vault.health;
