/**
 * {@code keystash sync --watch}: a long-running process that keeps the replica equal to the
 * store's copy through etcd's watch, reconnects with backoff, confirms the sync periodically (so
 * the agent's {@code max-age} sees a live sync), and logs through slf4j.
 */
package io.keystash.remote.watch;
