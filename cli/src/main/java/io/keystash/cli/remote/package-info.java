/**
 * The shared vault on etcd from the command line: {@code remote set|show|unset|status},
 * {@code push}, {@code pull}, {@code sync [--watch]}, and the hook that publishes every write of
 * the replica ({@link io.keystash.cli.remote.RemoteStoreSource}). The work is the remote module's.
 */
package io.keystash.cli.remote;
