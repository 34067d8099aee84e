package io.keystash.remote.etcd;

/**
 * One key read, and the store's revision at the read: reading other keys at that revision sees
 * the store as it was then, whatever was written since.
 *
 * @param value    the key, or null when it does not exist
 * @param revision the store's revision when it was read
 */
public record Read(KeyValue value, long revision) {
}
