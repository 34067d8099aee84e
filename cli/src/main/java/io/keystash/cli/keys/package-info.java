/**
 * Commands on keys: {@code store}, {@code get}, {@code list}, {@code delete}. Rotation, rollback,
 * history and expiry checks live in {@code io.keystash.cli.rotation}.
 */
package io.keystash.cli.keys;
