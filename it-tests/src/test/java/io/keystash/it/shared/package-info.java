/**
 * The vault shared through a real etcd cluster: machines as {@code KEYSTASH_HOME}s running the real
 * CLI and agent, a 3-member cluster on loopback (and a TLS one with authentication), members
 * stopped, hostile copies written straight into the store.
 */
package io.keystash.it.shared;
