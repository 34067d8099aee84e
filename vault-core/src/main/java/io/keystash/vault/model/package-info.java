/**
 * What a vault holds, as plain immutable values: keys with their versions and metadata,
 * profiles with their bindings, and the naming, period and rate-limit rules users type.
 */
package io.keystash.vault.model;
