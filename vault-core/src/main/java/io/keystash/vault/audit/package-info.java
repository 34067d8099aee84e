/**
 * The audit trail: a keyed hash chain of JSON lines, one per operation, holding names and version
 * numbers but never a value, so {@code keystash audit --verify} can tell an intact history from
 * one that was edited.
 */
package io.keystash.vault.audit;
