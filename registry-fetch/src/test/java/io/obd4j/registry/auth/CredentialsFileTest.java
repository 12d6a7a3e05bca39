package io.obd4j.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
    static final String URL = "https://hub.docker.com/v2/overlaybd/ubuntu/blobs/sha256:abc";

    @TempDir
    Path dir;

    Credentials lookup(String json, String url) throws Exception {
        Path f = dir.resolve("cred.json");
        Files.writeString(f, json);
        return new CredentialsFile(f).lookup(url);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void candidatesSkipV2BlobsAndDigest() {
        assertThat(CredentialsFile.candidates(URL)).containsExactly("hub.docker.com", "hub.docker.com/overlaybd",
                "hub.docker.com/overlaybd/ubuntu");
        assertThat(CredentialsFile.candidates("http://localhost:5000/v2/a/blobs/sha256:x"))
                .containsExactly("localhost:5000", "localhost:5000/a");
    }

    @Test
    void firstExactKeyInDocumentOrderWinsNotTheLongest() throws Exception {
        Credentials c = lookup("{\"auths\":{\"hub.docker.com/overlaybd\":{\"username\":\"short\",\"password\":\"1\"},"
                + "\"hub.docker.com/overlaybd/ubuntu\":{\"username\":\"long\",\"password\":\"2\"}}}", URL);
        assertThat(c.username()).isEqualTo("short");
    }

    @Test
    void keysMustMatchExactlyWithoutSchemeOrSlash() throws Exception {
        assertThat(lookup("{\"auths\":{\"https://hub.docker.com\":{\"username\":\"a\",\"password\":\"b\"},"
                + "\"hub.docker.com/\":{\"username\":\"a\",\"password\":\"b\"},"
                + "\"hub.docker.com/overlay\":{\"username\":\"a\",\"password\":\"b\"}}}", URL).isAnonymous())
                .isTrue();
    }

    @Test
    void authIsPreferredAndSplitAtTheFirstColonWithoutTrimming() throws Exception {
        Credentials c = lookup("{\"auths\":{\"hub.docker.com\":{\"auth\":\"" + b64("user:pa:ss\n")
                + "\",\"username\":\"other\",\"password\":\"x\"}}}", URL);
        assertThat(c.username()).isEqualTo("user");
        assertThat(c.password()).isEqualTo("pa:ss\n");
        assertThat(c.toString()).doesNotContain("pa:ss");
    }

    @Test
    void unusableEntriesAreSkipped() throws Exception {
        Credentials c = lookup("{\"auths\":{\"hub.docker.com\":{\"auth\":\"" + b64("nocolon") + "\"},"
                + "\"hub.docker.com/overlaybd\":{\"auth\":\"!!notbase64\"},"
                + "\"hub.docker.com/overlaybd/ubuntu\":{\"username\":\"u\",\"password\":\"p\"}}}", URL);
        assertThat(c.username()).isEqualTo("u");
    }

    @Test
    void anyFailureMeansAnonymous() throws Exception {
        assertThat(new CredentialsFile(dir.resolve("missing.json")).lookup(URL).isAnonymous()).isTrue();
        assertThat(lookup("{not json", URL).isAnonymous()).isTrue();
        assertThat(lookup("{\"other\":{}}", URL).isAnonymous()).isTrue();
    }
}
