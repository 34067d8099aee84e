/**
 * The cache of rewritten class files: what lets a warm start skip reading and rewriting the JDK's
 * classes, and load no bytecode library at all.
 *
 * <p>Files live under {@code KEYSTASH_HOME/cache/agent/} (folders 0700, files 0600), named after a
 * {@link io.keystash.agent.cache.CacheKey} (SHA-256 of everything that can change the result),
 * written atomically, and read back only after their owner, permissions, key and the payload's
 * checksums are checked: bootstrap classes are not verified by the JVM, so a damaged file must never
 * reach {@code redefineClasses}. Every problem means "no cache": the agent transforms again.
 */
package io.keystash.agent.cache;
