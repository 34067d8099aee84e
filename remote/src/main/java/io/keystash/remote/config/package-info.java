/**
 * Which shared store this machine's replica follows: the {@code etcd://} address and its TLS and
 * authentication options, kept in {@code KEYSTASH_HOME/remote} (paths to the files, never a
 * password).
 */
package io.keystash.remote.config;
