/**
 * Identities and members: {@code identity create|show}, {@code member add|list|remove}, and the
 * removal and rekey notices shared with {@code keyfile remove} and {@code passwd}.
 */
package io.keystash.cli.members;
