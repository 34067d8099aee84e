/**
 * The vault on etcd: each record group of the vault file stored once under its SHA-256
 * ({@code PREFIX/b/HEX}, in chunks when large), and one small manifest ({@code PREFIX/m}: the
 * file's clear front, the groups' sizes and digests, the file MAC) swapped by compare-and-swap on
 * its revision. A write sends the groups it changed and the manifest; a pull fetches the groups
 * the replica lacks, reassembles the file, and keeps it only if it opens, its MAC holds and it is
 * not older than this machine has seen. etcd sees ciphertext and digests only.
 */
package io.keystash.remote.store;
