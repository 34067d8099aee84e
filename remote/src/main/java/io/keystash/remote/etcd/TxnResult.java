package io.keystash.remote.etcd;

/**
 * What a compare-and-swap did.
 *
 * @param succeeded true when the comparison held and the writes were made
 * @param revision  the store's revision after the transaction
 * @param current   when it failed: the compared key as it is now (null when absent)
 */
public record TxnResult(boolean succeeded, long revision, KeyValue current) {
}
