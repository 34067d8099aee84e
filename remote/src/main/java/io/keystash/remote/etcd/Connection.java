package io.keystash.remote.etcd;

import java.nio.file.Path;
import java.util.List;

/**
 * How to reach an etcd cluster.
 *
 * @param endpoints    its members' client addresses, tried in this order
 * @param tls          true for HTTPS
 * @param caCert       PEM file of the certificate authorities to trust (null: the JDK's)
 * @param cert         PEM file of this client's certificate chain (null: none)
 * @param key          PEM file of this client's private key (with {@code cert})
 * @param user         etcd user name (null: no authentication)
 * @param passwordFile file holding that user's password (with {@code user})
 */
public record Connection(List<Endpoint> endpoints, boolean tls, Path caCert, Path cert, Path key, String user,
                         Path passwordFile) {
    public Connection {
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint");
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
        }
        if ((user == null) != (passwordFile == null)) {
            throw new IllegalArgumentException("a user needs a password file, and a password file a user");
        }
    }
}
