package io.obd4j.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** Talks to the real kernel's generic netlink controller (needs no privileges and no TCMU module). */
class NetlinkSocketTest {

    @Test
    void resolvesTheControllerFamilyItself() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_GENERIC)) {
            GenericNetlinkFamily ctrl = GenericNetlinkFamily.resolve(s, "nlctrl", 1);
            assertThat(ctrl.id()).isEqualTo(NetlinkFormat.GENL_ID_CTRL);
            assertThat(ctrl.name()).isEqualTo("nlctrl");
            assertThat(ctrl.version()).isPositive();
            assertThat(ctrl.group("notify")).isPositive();
            assertThat(ctrl.group("no-such-group")).isEqualTo(-1);
            s.joinGroup(ctrl.group("notify"));
            s.setNoEnobufs(true);
            s.setReceiveBuffer(1 << 20);
            assertThat(s.receive(ByteBuffer.allocateDirect(4096), false)).isEqualTo(-1);
        }
    }

    @Test
    void unknownFamilyIsACleanEnoent() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_GENERIC)) {
            // target_core_user is not loaded on build machines; if it is, this name still cannot exist.
            assertThatThrownBy(() -> GenericNetlinkFamily.resolve(s, "OBD4J-NO-SUCH", 2))
                    .isInstanceOfSatisfying(NativeIoException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                        assertThat(e.call()).isEqualTo("CTRL_CMD_GETFAMILY");
                    })
                    .hasMessageContaining("name=OBD4J-NO-SUCH");
            // the socket stays usable
            assertThat(GenericNetlinkFamily.resolve(s, "nlctrl", 3).id()).isEqualTo(0x10);
        }
    }

    @Test
    void tcmUserFamilyIsAbsentWithoutTheModule() throws Exception {
        boolean loaded = java.nio.file.Files.exists(java.nio.file.Path.of("/sys/module/target_core_user"));
        org.junit.jupiter.api.Assumptions.assumeFalse(loaded, "target_core_user is loaded here");
        try (NetlinkSocket s = NetlinkSocket.open(NetlinkSocket.NETLINK_GENERIC)) {
            assertThatThrownBy(() -> GenericNetlinkFamily.resolve(s, "TCM-USER", 4))
                    .isInstanceOfSatisfying(NativeIoException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        }
    }

    @Test
    void getFamilyRequestGoldenBytes() {
        ByteBuffer msg = GenericNetlinkFamily.encodeGetFamily(
                new NetlinkMessageWriter(ByteBuffer.allocate(64)), "nlctrl", 0x01020304);
        byte[] bytes = new byte[msg.remaining()];
        msg.get(bytes);
        assertThat(bytes).containsExactly(
                32, 0, 0, 0, 0x10, 0, 1, 0, 4, 3, 2, 1, 0, 0, 0, 0,
                3, 1, 0, 0,
                11, 0, 2, 0, 'n', 'l', 'c', 't', 'r', 'l', 0, 0);
    }

    @Test
    void writerAndReaderRoundTripNestedAttributes() throws Exception {
        NetlinkMessageWriter w = new NetlinkMessageWriter(ByteBuffer.allocateDirect(128));
        w.begin(0x20, NetlinkFormat.NLM_F_REQUEST, 9, 77).genl(5, 2).putU8(1, 0xFE).putU16(2, 0xBEEF);
        int mark = w.beginNested(3);
        w.putU32(1, -5).putU64(2, 0x0102030405060708L);
        w.endNested(mark).putString(4, "héllo");
        ByteBuffer msg = w.finish();
        ByteBuffer twice = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        twice.put(msg.duplicate()).put(msg.duplicate()).flip();

        NetlinkMessageReader r = new NetlinkMessageReader().wrap(twice);
        for (int i = 0; i < 2; i++) {
            assertThat(r.next()).isTrue();
            assertThat(r.type()).isEqualTo(0x20);
            assertThat(r.seq()).isEqualTo(9);
            assertThat(r.pid()).isEqualTo(77);
            assertThat(r.genlCmd()).isEqualTo(5);
            assertThat(r.genlVersion()).isEqualTo(2);
            NetlinkAttributeReader a = r.genlAttributes(new NetlinkAttributeReader());
            assertThat(a.find(1)).isTrue();
            assertThat(a.u8()).isEqualTo(0xFE);
            assertThat(a.find(2)).isTrue();
            assertThat(a.u16()).isEqualTo(0xBEEF);
            assertThat(a.find(3)).isTrue();
            NetlinkAttributeReader n = a.nested(new NetlinkAttributeReader());
            assertThat(n.find(1)).isTrue();
            assertThat(n.u32()).isEqualTo(-5);
            assertThat(n.find(2)).isTrue();
            assertThat(n.u64()).isEqualTo(0x0102030405060708L);
            assertThat(a.find(4)).isTrue();
            assertThat(a.string()).isEqualTo("héllo");
            assertThat(a.find(99)).isFalse();
        }
        assertThat(r.next()).isFalse();
    }

    @Test
    void malformedLengthsAreTypedErrors() throws Exception {
        ByteBuffer bad = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        bad.putInt(0, 400).flip();
        bad.limit(20);
        assertThatThrownBy(() -> new NetlinkMessageReader().wrap(bad).next())
                .isInstanceOfSatisfying(NativeIoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                .hasMessageContaining("nlmsg_len");

        NetlinkMessageWriter w = new NetlinkMessageWriter(ByteBuffer.allocate(64));
        ByteBuffer msg = w.begin(0x20, 0, 1, 0).genl(1, 1).putU8(7, 1).finish();
        msg.putShort(20, (short) 60);
        NetlinkMessageReader r = new NetlinkMessageReader().wrap(msg);
        assertThat(r.next()).isTrue();
        NetlinkAttributeReader a = r.genlAttributes(new NetlinkAttributeReader());
        assertThatThrownBy(a::next).isInstanceOf(NativeIoException.class).hasMessageContaining("nla_len");
        msg.putShort(20, (short) 5);
        a.rewind();
        assertThat(a.next()).isTrue();
        assertThatThrownBy(a::u32).isInstanceOf(NativeIoException.class).hasMessageContaining("u32");
    }

    @Test
    void writerRefusesToOverflow() {
        NetlinkMessageWriter w = new NetlinkMessageWriter(ByteBuffer.allocate(24));
        w.begin(0x20, 0, 1, 0).genl(1, 1);
        assertThatThrownBy(() -> w.putU64(1, 1L)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(w.length()).isEqualTo(20);
        assertThatThrownBy(() -> w.genl(1, 1)).isInstanceOf(IllegalStateException.class);
    }
}
