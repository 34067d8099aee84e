package io.keystash.remote.etcd;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link SSLContext} from the PEM files etcd's own tools use: certificate authorities to
 * trust, and a client certificate chain with its private key (PKCS#8 {@code PRIVATE KEY}, PKCS#1
 * {@code RSA PRIVATE KEY} or SEC1 {@code EC PRIVATE KEY}; an encrypted key is refused, since an
 * unattended sync could not decrypt it).
 */
public final class TlsFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s:,\\-]*?)-----END \\1-----");
    private static final char[] IN_MEMORY = "keystash".toCharArray();

    private TlsFiles() {
    }

    /** The context: {@code caCert} (or the JDK's trust store) and, when given, the client's certificate and key. */
    public static SSLContext context(Path caCert, Path cert, Path key) throws EtcdException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caCert == null) {
                trust.init((KeyStore) null);
            } else {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                int n = 0;
                for (Certificate certificate : certificates(caCert)) {
                    trusted.setCertificateEntry("ca-" + n++, certificate);
                }
                trust.init(trusted);
            }
            KeyManagerFactory keys = null;
            if (cert != null) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                List<Certificate> chain = certificates(cert);
                own.setKeyEntry("client", privateKey(key), IN_MEMORY, chain.toArray(new Certificate[0]));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(own, IN_MEMORY);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new EtcdException(EtcdException.Kind.REFUSED, "cannot set up TLS: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Every certificate in a PEM file; none is an error. */
    static List<Certificate> certificates(Path file) throws EtcdException {
        byte[] bytes = read(file, "certificate file");
        try {
            Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (found.isEmpty()) {
                throw new EtcdException(EtcdException.Kind.REFUSED, "no certificate in " + file);
            }
            return new ArrayList<>(found);
        } catch (CertificateException e) {
            throw new EtcdException(EtcdException.Kind.REFUSED, file + " holds no readable PEM certificate");
        }
    }

    /** The private key in a PEM file (RSA, EC or Ed25519). */
    static PrivateKey privateKey(Path file) throws EtcdException {
        byte[] bytes = read(file, "key file");
        String text = new String(bytes, StandardCharsets.US_ASCII);
        Arrays.fill(bytes, (byte) 0);
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            if (type.contains("ENCRYPTED") || block.group(2).contains("Proc-Type")) {
                throw new EtcdException(EtcdException.Kind.REFUSED, "the key in " + file
                        + " is encrypted; give an unencrypted key file readable only by this user");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(2));
            } catch (IllegalArgumentException e) {
                throw new EtcdException(EtcdException.Kind.REFUSED, "the key in " + file + " is not valid base64");
            }
            try {
                switch (type) {
                    case "PRIVATE KEY":
                        return pkcs8(der, file);
                    case "RSA PRIVATE KEY":
                        return pkcs8(new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                                DERNull.INSTANCE), RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der))).getEncoded(), file);
                    case "EC PRIVATE KEY":
                        ECPrivateKey ec = ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der));
                        if (ec.getParametersObject() == null) {
                            throw new EtcdException(EtcdException.Kind.REFUSED, "the EC key in " + file + " does not name its curve");
                        }
                        return pkcs8(new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                                ec.getParametersObject()), ec).getEncoded(), file);
                    default:
                        break;
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new EtcdException(EtcdException.Kind.REFUSED, "the " + type.toLowerCase(java.util.Locale.ROOT)
                        + " in " + file + " cannot be read");
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }
        throw new EtcdException(EtcdException.Kind.REFUSED, "no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) in " + file);
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws EtcdException {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new EtcdException(EtcdException.Kind.REFUSED, "the private key in " + file + " is not RSA, EC or Ed25519");
    }

    private static byte[] read(Path file, String what) throws EtcdException {
        try {
            if (Files.size(file) > 1 << 20) {
                throw new EtcdException(EtcdException.Kind.REFUSED, what + " " + file + " is larger than 1 MiB");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EtcdException(EtcdException.Kind.REFUSED, "cannot read " + what + " " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
