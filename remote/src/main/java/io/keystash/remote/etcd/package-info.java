/**
 * A small client of etcd's v3 API through its JSON gateway ({@code /v3/kv/range}, {@code put},
 * {@code txn}, {@code deleterange}, {@code /v3/watch}, {@code /v3/auth/authenticate}) over the JDK's
 * {@link java.net.http.HttpClient}: several endpoints tried in turn, TLS from PEM files, user and
 * password authentication. Why not a gRPC client: the CLI starts a JVM per command, and the JDK's
 * HTTP client adds no dependency and little start-up; the gateway is part of every etcd server
 * since 3.4.
 */
package io.keystash.remote.etcd;
