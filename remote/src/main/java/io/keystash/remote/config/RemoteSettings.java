package io.keystash.remote.config;

import io.keystash.remote.etcd.Connection;
import io.keystash.remote.etcd.Endpoint;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import io.keystash.vault.crypto.Sha256;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A shared store: {@code etcd://HOST:PORT[,HOST:PORT…]/PREFIX} and how to connect to it.
 *
 * @param endpoints    the cluster members' client addresses
 * @param prefix       where under etcd's key space the vault lives (no leading or trailing {@code /})
 * @param tls          HTTPS (implied by a CA or client certificate)
 * @param caCert       CA certificates to trust, PEM, or null for the JDK's
 * @param cert         client certificate chain, PEM, or null
 * @param key          client private key, PEM, or null
 * @param user         etcd user, or null
 * @param passwordFile the user's password file, or null
 */
public record RemoteSettings(List<Endpoint> endpoints, String prefix, boolean tls, Path caCert, Path cert, Path key,
                             String user, Path passwordFile) {
    public static final String SCHEME = "etcd://";
    public static final int DEFAULT_PORT = 2379;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    public RemoteSettings {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * Parses an {@code etcd://} address with its options; INVALID_INPUT naming what is wrong.
     * A CA or client certificate turns TLS on.
     */
    public static RemoteSettings parse(String url, boolean tls, Path caCert, Path cert, Path key, String user,
                                       Path passwordFile) throws VaultException {
        if (url == null || !url.startsWith(SCHEME)) {
            throw invalid("a store address starts with " + SCHEME + " (etcd://HOST:PORT[,HOST:PORT…]/PREFIX)");
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw invalid("the address needs hosts and a prefix: etcd://HOST:PORT[,HOST:PORT…]/PREFIX");
        }
        String prefix = rest.substring(slash + 1);
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (prefix.length() > 200 || !PREFIX.matcher(prefix).matches() || prefix.contains("..")) {
            throw invalid("the prefix '" + printable(prefix) + "' may hold letters, digits, '.', '_', '-' and '/' between names");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (String part : rest.substring(0, slash).split(",", -1)) {
            endpoints.add(endpoint(part));
        }
        if (endpoints.size() > 16) {
            throw invalid("at most 16 endpoints");
        }
        if ((cert == null) != (key == null)) {
            throw invalid("--cert and --key go together");
        }
        if ((user == null) != (passwordFile == null)) {
            throw invalid("--user and --password-file go together");
        }
        if (user != null && !USER.matcher(user).matches()) {
            throw invalid("the user name '" + printable(user) + "' is not a plain etcd user name");
        }
        return new RemoteSettings(endpoints, prefix, tls || caCert != null || cert != null, absolute(caCert), absolute(cert),
                absolute(key), user, absolute(passwordFile));
    }

    private static Endpoint endpoint(String text) throws VaultException {
        String host = text;
        int port = DEFAULT_PORT;
        int colon = text.lastIndexOf(':');
        if (colon > 0 && colon > text.lastIndexOf(']')) {
            host = text.substring(0, colon);
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65_535) {
                throw invalid("'" + printable(text) + "' has no port in 1..65535");
            }
        }
        if (!HOST.matcher(host).matches()) {
            throw invalid("'" + printable(text) + "' is not HOST:PORT");
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Endpoint(host, port);
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath().normalize();
    }

    private static VaultException invalid(String message) {
        return new VaultException(Failure.INVALID_INPUT, message);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }

    /** The address, {@code etcd://h1:2379,h2:2379/team}. */
    public String url() {
        StringBuilder out = new StringBuilder(SCHEME);
        for (int i = 0; i < endpoints.size(); i++) {
            out.append(i == 0 ? "" : ",").append(endpoints.get(i));
        }
        return out.append('/').append(prefix).toString();
    }

    /** How the client connects. */
    public Connection connection() {
        return new Connection(endpoints, tls, caCert, cert, key, user, passwordFile);
    }

    /**
     * A short id of this store (its endpoints, in any order, and prefix), remembered with the
     * replica's sync state so that another store's revisions are never taken for this one's.
     */
    public String storeId() {
        TreeSet<String> sorted = new TreeSet<>();
        endpoints.forEach(e -> sorted.add(e.toString()));
        byte[] text = (String.join(",", sorted) + "/" + prefix).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(Sha256.of(text, 0, text.length), 0, 8);
    }
}
