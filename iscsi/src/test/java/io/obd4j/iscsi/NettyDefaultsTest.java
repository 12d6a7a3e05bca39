package io.obd4j.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NettyDefaultsTest {
    @Test
    void setsTheBufferCacheLimitUnlessTheUserDid() {
        String before = System.getProperty(NettyDefaults.MAX_CACHED);
        try {
            System.clearProperty(NettyDefaults.MAX_CACHED);
            NettyDefaults.apply();
            assertThat(System.getProperty(NettyDefaults.MAX_CACHED)).isEqualTo("1048576");
            System.setProperty(NettyDefaults.MAX_CACHED, "65536");
            NettyDefaults.apply();
            assertThat(System.getProperty(NettyDefaults.MAX_CACHED)).isEqualTo("65536");
        } finally {
            if (before == null) {
                System.clearProperty(NettyDefaults.MAX_CACHED);
            } else {
                System.setProperty(NettyDefaults.MAX_CACHED, before);
            }
        }
    }
}
