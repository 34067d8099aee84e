/**
 * Import and export: the export document (JSON or YAML: metadata in clear, values absent, sealed
 * or in clear), the {@code .env} parser, and the importer that checks a whole import against the
 * vault before changing anything, so that one {@link io.keystash.vault.VaultStore#update} applies
 * it all or nothing. Inputs are hostile until checked: size caps before parsing, strict Jackson
 * settings, and error messages that say where without ever repeating a value.
 */
package io.keystash.vault.transfer;
