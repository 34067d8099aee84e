/**
 * Commands on keys: {@code store}, {@code get}, {@code list}, {@code delete}. Rotation, rollback,
 * history and expiry checks (issue 5) join them here.
 */
package io.keystash.cli.keys;
