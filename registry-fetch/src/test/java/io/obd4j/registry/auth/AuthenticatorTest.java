package io.obd4j.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    static final String CHALLENGE = "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
            + "scope=\"repository:a/b:pull,push\"";

    @Test
    void parsesQuotedParametersWithCommas() {
        AuthChallenge c = AuthChallenge.parse(CHALLENGE);
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).isEqualTo("https://auth.example/token");
        assertThat(c.param("scope")).isEqualTo("repository:a/b:pull,push");
        assertThat(AuthChallenge.parse("Basic realm=\"x\"").isBasic()).isTrue();
        assertThat(AuthChallenge.parse("")).isNull();
    }

    @Test
    void tokensAreReusedPerScopeUntilTheyExpire() throws Exception {
        AtomicLong clock = new AtomicLong();
        List<URI> asked = new ArrayList<>();
        List<String> basics = new ArrayList<>();
        Authenticator a = new Authenticator(url -> new Credentials("u", "p"), (uri, basic) -> {
            asked.add(uri);
            basics.add(basic);
            return ("{\"access_token\":\"t" + asked.size() + "\",\"expires_in\":60}").getBytes(StandardCharsets.UTF_8);
        }, clock::get);
        assertThat(a.authorization("k", "u")).isNull();
        assertThat(a.challenge("k", CHALLENGE, "u", false)).isEqualTo("Bearer t1");
        assertThat(asked.get(0).toString()).isEqualTo("https://auth.example/token?service=registry.example"
                + "&scope=repository%3Aa%2Fb%3Apull%2Cpush");
        assertThat(basics.get(0)).isEqualTo(new Credentials("u", "p").basicHeader());
        assertThat(a.authorization("k", "u")).isEqualTo("Bearer t1");
        clock.addAndGet(54_000_000_000L);
        assertThat(a.authorization("k", "u")).isEqualTo("Bearer t1");
        clock.addAndGet(2_000_000_000L);
        assertThat(a.authorization("k", "u")).isEqualTo("Bearer t2");
        assertThat(a.challenge("k", CHALLENGE, "u", true)).isEqualTo("Bearer t3");
        a.invalidate("k");
        assertThat(a.authorization("k", "u")).isNull();
    }

    @Test
    void basicChallengeUsesTheCredentialsAndAnonymousGetsNothing() throws Exception {
        Authenticator a = new Authenticator(url -> url.contains("good") ? new Credentials("u", "p")
                : Credentials.ANONYMOUS, (uri, basic) -> new byte[0], System::nanoTime);
        assertThat(a.challenge("k", "Basic realm=\"r\"", "good", false)).isEqualTo("Basic dTpw");
        assertThat(a.challenge("k2", "Basic realm=\"r\"", "bad", false)).isNull();
        assertThat(a.challenge("k3", "Negotiate", "good", false)).isNull();
    }
}
