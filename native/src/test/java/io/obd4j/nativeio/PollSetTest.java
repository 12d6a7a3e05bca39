package io.obd4j.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class PollSetTest {
    @Test
    void pipeBecomesReadableAfterAWrite() throws Exception {
        int[] p = Posix.pipe(Posix.O_NONBLOCK);
        int[] q = Posix.pipe(0);
        try {
            PollSet set = new PollSet(4);
            int a = set.add(p[0], PollSet.POLLIN);
            int b = set.add(q[0], PollSet.POLLIN);
            assertThat(set.poll(50)).isZero();
            assertThat(set.revents(a)).isZero();

            Posix.write(q[1], ByteBuffer.wrap(new byte[] {1}));
            assertThat(set.poll(1000)).isEqualTo(1);
            assertThat(set.ready(b, PollSet.POLLIN)).isTrue();
            assertThat(set.ready(a, PollSet.POLLIN)).isFalse();
            assertThat(set.fd(b)).isEqualTo(q[0]);

            Posix.close(p[1]);
            p[1] = -1;
            assertThat(set.poll(1000)).isEqualTo(2);
            assertThat(set.ready(a, PollSet.POLLHUP)).isTrue();
            assertThatThrownBy(() -> set.revents(2)).isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            Posix.close(p[0]);
            if (p[1] >= 0) {
                Posix.close(p[1]);
            }
            Posix.close(q[0]);
            Posix.close(q[1]);
        }
    }

    @Test
    void socketPairCarriesFourByteEventsBothWays() throws Exception {
        int[] s = Posix.socketPair(true);
        try {
            PollSet set = new PollSet(1);
            set.add(s[0], PollSet.POLLIN);
            assertThat(set.poll(0)).isZero();
            Posix.write(s[1], ByteBuffer.wrap(new byte[] {1, 0, 0, 0}));
            Posix.write(s[1], ByteBuffer.wrap(new byte[] {2, 0, 0, 0}));
            assertThat(set.poll(1000)).isEqualTo(1);
            ByteBuffer in = ByteBuffer.allocate(4);
            assertThat(Posix.read(s[0], in)).isEqualTo(4);
            assertThat(in.get(0)).isEqualTo((byte) 1);
            Posix.write(s[0], ByteBuffer.wrap(new byte[] {9, 9, 9, 9}));
            assertThat(Posix.read(s[1], ByteBuffer.allocate(4))).isEqualTo(4);
            assertThat(Posix.read(s[1], ByteBuffer.allocate(4))).isEqualTo(-1);
        } finally {
            Posix.close(s[0]);
            Posix.close(s[1]);
        }
    }

    @Test
    void capacityIsEnforced() {
        PollSet set = new PollSet(1);
        set.add(0, PollSet.POLLIN);
        assertThatThrownBy(() -> set.add(1, PollSet.POLLIN)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> set.add(-1, PollSet.POLLIN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollSet(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
