package io.obd4j.registry.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.obd4j.registry.auth.Credentials;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthTableTest {
    private static RegistryAccess user(String name) {
        return new RegistryAccess(new Credentials(name, "pw-" + name), false, false, null);
    }

    private final AuthTable table = new AuthTable(Map.of(
            "quay.io", user("registry"),
            "quay.io/coreos", user("namespace"),
            "quay.io/coreos/etcd", user("repository"),
            "127.0.0.1:5000", new RegistryAccess(Credentials.ANONYMOUS, true, false, null),
            "docker.io", user("hub")));

    @Test
    void longestWholeComponentPrefixWins() {
        assertThat(table.lookup("quay.io", "coreos/etcd").credentials().username()).isEqualTo("repository");
        assertThat(table.lookup("quay.io", "coreos/etcd-operator").credentials().username())
                .as("etcd is not a component prefix of etcd-operator").isEqualTo("namespace");
        assertThat(table.lookup("quay.io", "coreos/kube-rbac-proxy").credentials().username())
                .isEqualTo("namespace");
        assertThat(table.lookup("quay.io", "coreosx/app").credentials().username()).isEqualTo("registry");
        assertThat(table.lookup("quay.io", "other/app").credentials().username()).isEqualTo("registry");
        assertThat(table.lookup("quay.io.evil.example", "coreos/etcd")).isEqualTo(RegistryAccess.DEFAULT);
        assertThat(table.lookup("127.0.0.1:5000", "a/b").http()).isTrue();
        assertThat(table.lookup("127.0.0.1:5001", "a/b")).isEqualTo(RegistryAccess.DEFAULT);
    }

    @Test
    void answersTheRegistryClientsBlobUrlQuestions() {
        assertThat(table.lookup("https://quay.io/v2/coreos/etcd/blobs/").username()).isEqualTo("repository");
        assertThat(table.lookup("https://quay.io/v2/coreos/etcd/blobs/sha256:" + "0".repeat(64)).username())
                .isEqualTo("repository");
        assertThat(table.lookup("https://quay.io/v2/coreos/dex/manifests/v1").username()).isEqualTo("namespace");
        assertThat(table.lookup("http://127.0.0.1:5000/v2/a/b/blobs/").isAnonymous()).isTrue();
        assertThat(table.lookup("https://registry-1.docker.io/v2/library/redis/blobs/").username()).isEqualTo("hub");
    }

    @Test
    void schemeAndTlsKeysFollowTheFlags() {
        assertThat(RegistryAccess.DEFAULT.scheme()).isEqualTo("https");
        assertThat(RegistryAccess.DEFAULT.tlsKey()).isEqualTo("default");
        assertThat(new RegistryAccess(null, true, true, null).tlsKey()).isEqualTo("http");
        assertThat(new RegistryAccess(null, false, true, null).tlsKey()).isEqualTo("insecure");
        assertThat(new RegistryAccess(null, false, false, java.nio.file.Path.of("/ca.pem")).tlsKey())
                .isEqualTo("ca:/ca.pem");
    }
}
