package io.keystash.remote.etcd;

import java.net.URI;

/**
 * One etcd member's client address.
 *
 * @param host a host name, an IPv4 address, or an IPv6 address (without brackets)
 * @param port its client port (etcd's default is 2379)
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host == null || host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("an endpoint needs a host and a port in 1..65535");
        }
    }

    /** {@code host:port}, with an IPv6 address in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    URI base(boolean tls) {
        return URI.create((tls ? "https://" : "http://") + this);
    }
}
