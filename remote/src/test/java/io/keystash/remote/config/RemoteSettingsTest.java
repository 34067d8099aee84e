package io.keystash.remote.config;

import io.keystash.remote.etcd.Endpoint;
import io.keystash.vault.Failure;
import io.keystash.vault.VaultException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteSettingsTest {
    @TempDir
    Path home;

    private static RemoteSettings parse(String url) throws VaultException {
        return RemoteSettings.parse(url, false, null, null, null, null, null);
    }

    @Test
    void anAddressNamesEndpointsAndAPrefix() throws Exception {
        RemoteSettings settings = parse("etcd://10.0.0.1:2379,etcd-2.example:22379,[::1]:2379,e4/team/prod/");
        assertThat(settings.endpoints()).containsExactly(new Endpoint("10.0.0.1", 2379), new Endpoint("etcd-2.example", 22379),
                new Endpoint("::1", 2379), new Endpoint("e4", 2379));
        assertThat(settings.prefix()).isEqualTo("team/prod");
        assertThat(settings.tls()).isFalse();
        assertThat(settings.url()).isEqualTo("etcd://10.0.0.1:2379,etcd-2.example:22379,[::1]:2379,e4:2379/team/prod");
        assertThat(parse(settings.url())).isEqualTo(settings);
    }

    @Test
    void theStoreIdIgnoresTheOrderOfEndpointsButNotThePrefix() throws Exception {
        assertThat(parse("etcd://a:1,b:2/p").storeId()).isEqualTo(parse("etcd://b:2,a:1/p").storeId()).hasSize(16);
        assertThat(parse("etcd://a:1/p").storeId()).isNotEqualTo(parse("etcd://a:1/q").storeId());
    }

    @Test
    void certificatesTurnTlsOn() throws Exception {
        Path ca = home.resolve("ca.pem");
        assertThat(RemoteSettings.parse("etcd://a:1/p", false, ca, null, null, null, null).tls()).isTrue();
        assertThat(RemoteSettings.parse("etcd://a:1/p", true, null, null, null, null, null).tls()).isTrue();
    }

    @Test
    void aBadAddressOrOptionIsInvalidInputNamingIt() {
        for (String url : new String[] {"http://a:1/p", "etcd://a:1", "etcd://a:1/", "etcd:///p", "etcd://a:0/p", "etcd://a:99999/p",
                "etcd://a:x/p", "etcd://a b:1/p", "etcd://a:1/../p", "etcd://a:1/p//q", "etcd://a:1/p q", "etcd://a,,b/p"}) {
            assertThatThrownBy(() -> parse(url)).as(url)
                    .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID_INPUT));
        }
        assertThatThrownBy(() -> RemoteSettings.parse("etcd://a:1/p", false, null, home.resolve("c"), null, null, null))
                .hasMessageContaining("--cert and --key");
        assertThatThrownBy(() -> RemoteSettings.parse("etcd://a:1/p", false, null, null, null, "u", null))
                .hasMessageContaining("--user and --password-file");
    }

    @Test
    void theSettingIsKeptInTheHomeReadableByItsOwnerOnly() throws Exception {
        RemoteSettings settings = RemoteSettings.parse("etcd://a:1,b:2/team", false, home.resolve("ca.pem"),
                home.resolve("me.pem"), home.resolve("me-key.pem"), "keystash", home.resolve("etcd.pass"));
        Remote remote = new Remote(settings, home.resolve("vault"));
        RemoteFile.write(home, remote);
        assertThat(RemoteFile.read(home)).contains(remote);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("remote")))).isEqualTo("rw-------");
        assertThat(Files.readString(home.resolve("remote"))).contains("password-file " + home.resolve("etcd.pass"));
        assertThat(remote.replicates(home.resolve("vault"))).isTrue();
        assertThat(remote.replicates(home.resolve("other.ks"))).isFalse();
        assertThat(RemoteFile.remove(home)).isTrue();
        assertThat(RemoteFile.read(home)).isEmpty();
        assertThat(RemoteFile.remove(home)).isFalse();
    }

    @Test
    void aDamagedSettingIsReportedNotGuessed() throws Exception {
        Files.writeString(home.resolve("remote"), "keystash-remote 1\nurl nonsense\nvault /x\n");
        assertThatThrownBy(() -> RemoteFile.read(home))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.failure()).isEqualTo(Failure.DAMAGED));
        Files.writeString(home.resolve("remote"), "something else\n");
        assertThatThrownBy(() -> RemoteFile.read(home)).hasMessageContaining("damaged");
    }
}
