/**
 * Commands on profiles: create, delete, list, show, add-key, remove-key, and
 * {@code load --export} with POSIX shell quoting.
 */
package io.keystash.cli.profiles;
