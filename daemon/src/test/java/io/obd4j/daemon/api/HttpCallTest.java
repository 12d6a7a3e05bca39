package io.obd4j.daemon.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpCallTest {
    @Test
    void queryFollowsOverlaybdRules() {
        HttpCall c = HttpCall.of("POST", "/snapshot?dev_id=a%2Fb&config=%2Fvar%2Fx+y.json&flag&=v", new byte[0]);
        assertThat(c.path()).isEqualTo("/snapshot");
        assertThat(c.queryParam("dev_id")).isEqualTo("a/b");
        assertThat(c.queryParam("config")).isEqualTo("/var/x+y.json");
        assertThat(c.query()).containsEntry("flag", "");
        assertThat(c.queryParam("missing")).isEmpty();
    }

    @Test
    void routerMatchesPathVariablesAndTrailingSlash() {
        Router r = new Router().route("GET", "/v1/devices/{id}", c -> HttpReply.json(200, c.pathVariables().get(0)));
        assertThat(new String(r.dispatch(HttpCall.of("GET", "/v1/devices/x1/", new byte[0])).body())).isEqualTo("x1");
        assertThat(r.dispatch(HttpCall.of("GET", "/v1/devices/", new byte[0])).status()).isEqualTo(404);
        assertThat(r.dispatch(HttpCall.of("PUT", "/v1/devices/x", new byte[0])).allow()).isEqualTo("GET");
    }

    @Test
    void handlerExceptionBecomesJson500() {
        Router r = new Router().route("GET", "/boom", c -> {
            throw new IllegalStateException("bad");
        });
        HttpReply reply = r.dispatch(HttpCall.of("GET", "/boom", new byte[0]));
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.contentType()).isEqualTo(HttpReply.JSON);
    }
}
