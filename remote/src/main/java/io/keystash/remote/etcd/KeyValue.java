package io.keystash.remote.etcd;

/**
 * A key as etcd holds it.
 *
 * @param key            the key's bytes as text (Keystash's keys are ASCII)
 * @param value          the value (empty when only keys were asked for)
 * @param createRevision the revision that created the key
 * @param modRevision    the revision that last wrote it
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
}
