/**
 * The seam between a vault and a copy of it shared through a store (etcd): a write with a store
 * configured {@linkplain io.keystash.vault.sharing.SharedStore#offer offers} its new file before
 * the local replica is replaced, and learns whether the store took it, holds a newer copy, or is
 * to be updated later. No network here: the store's client lives outside vault-core, so the agent,
 * which only ever reads the local replica, never carries it.
 */
package io.keystash.vault.sharing;
