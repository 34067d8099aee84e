package io.keystash.remote.etcd;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsFilesTest {
    @TempDir
    Path dir;

    private Path pem(String type, byte[] der) throws Exception {
        Path file = dir.resolve(type.replace(' ', '-') + ".pem");
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n");
        return file;
    }

    @Test
    void privateKeysAreReadInTheFormsEtcdsToolsWrite() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        PrivateKey rsaKey = rsa.generateKeyPair().getPrivate();
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        PrivateKey ecKey = ec.generateKeyPair().getPrivate();

        assertThat(TlsFiles.privateKey(pem("PRIVATE KEY", rsaKey.getEncoded())).getEncoded()).isEqualTo(rsaKey.getEncoded());
        assertThat(TlsFiles.privateKey(pem("PRIVATE KEY", ecKey.getEncoded())).getAlgorithm()).isEqualTo("EC");
        byte[] pkcs1 = PrivateKeyInfo.getInstance(rsaKey.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        assertThat(TlsFiles.privateKey(pem("RSA PRIVATE KEY", pkcs1)).getEncoded()).isEqualTo(rsaKey.getEncoded());
        PrivateKeyInfo ecInfo = PrivateKeyInfo.getInstance(ecKey.getEncoded());
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((java.security.interfaces.ECPrivateKey) ecKey).getS(),
                ecInfo.getPrivateKeyAlgorithm().getParameters()).getEncoded(); // with its curve, as openssl writes it
        PrivateKey fromSec1 = TlsFiles.privateKey(pem("EC PRIVATE KEY", sec1));
        assertThat(fromSec1.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) fromSec1).getS()).isEqualTo(((java.security.interfaces.ECPrivateKey) ecKey).getS());
    }

    @Test
    void anEncryptedOrMissingKeyIsRefusedInOneLine() throws Exception {
        assertThatThrownBy(() -> TlsFiles.privateKey(pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3})))
                .isInstanceOf(EtcdException.class).hasMessageContaining("encrypted");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> TlsFiles.privateKey(empty)).hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> TlsFiles.privateKey(dir.resolve("absent.pem"))).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> TlsFiles.certificates(empty)).isInstanceOf(EtcdException.class);
    }

    @Test
    void withoutFilesTheJdksTrustIsUsed() throws Exception {
        assertThat(TlsFiles.context(null, null, null).getProtocol()).isEqualTo("TLS");
    }
}
