/**
 * {@code keystash report --access}: the agent's read map (vault-core's {@code access} package) read
 * against the vault's profiles and printed per key.
 */
package io.keystash.cli.access;
