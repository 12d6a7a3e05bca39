package io.obd4j.tcmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.nativeio.Errno;
import io.obd4j.nativeio.NativeIoException;
import io.obd4j.nativeio.NetlinkMessageReader;
import io.obd4j.nativeio.NetlinkMessageWriter;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TcmuNetlinkFormatTest {
    private static final int FAMILY = 0x1c;

    @Test
    void addedDeviceDoneReplyGoldenBytes() {
        ByteBuffer msg = TcmuNetlinkFormat.encodeReply(writer(), FAMILY, 0x11223344,
                TcmuNetlinkFormat.CMD_ADDED_DEVICE_DONE, -Errno.ENOENT, 42);
        assertThat(bytes(msg)).containsExactly(hex(
                "24000000 1c00 0100 44332211 00000000"
                + "04 02 0000"
                + "0800 0700 feffffff"
                + "0800 0800 2a000000"));
    }

    @Test
    void removedAndReconfigDoneUseTheirCommands() {
        assertThat(bytes(TcmuNetlinkFormat.encodeReply(writer(), FAMILY, 1,
                TcmuNetlinkFormat.doneCommand(TcmuNetlinkFormat.CMD_REMOVED_DEVICE), 0, 7)))
                .containsExactly(hex("24000000 1c00 0100 01000000 00000000 05020000"
                        + "08000700 00000000 08000800 07000000"));
        assertThat(TcmuNetlinkFormat.doneCommand(TcmuNetlinkFormat.CMD_RECONFIG_DEVICE))
                .isEqualTo(TcmuNetlinkFormat.CMD_RECONFIG_DEVICE_DONE);
        assertThatThrownBy(() -> TcmuNetlinkFormat.doneCommand(7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setFeaturesGoldenBytes() {
        assertThat(bytes(TcmuNetlinkFormat.encodeSetFeatures(writer(), FAMILY, 2)))
                .containsExactly(hex("1c000000 1c00 0500 02000000 00000000 07020000 0500 0900 01 000000"));
    }

    @Test
    void decodesAKernelAddedEvent() throws Exception {
        String name = "tcm-user/999999999/dev_42/overlaybd//var/lib/x/snapshots/42/block/config.v1.json";
        // as tcmu_netlink_event_init + add_attrs build it: DEVICE string, MINOR u32, DEVICE_ID u32
        ByteBuffer msg = writer().begin(FAMILY, 0, 77, 0).genl(TcmuNetlinkFormat.CMD_ADDED_DEVICE, 2)
                .putString(TcmuNetlinkFormat.ATTR_DEVICE, name)
                .putU32(TcmuNetlinkFormat.ATTR_MINOR, 3)
                .putU32(TcmuNetlinkFormat.ATTR_DEVICE_ID, 5)
                .finish();
        NetlinkMessageReader r = new NetlinkMessageReader().wrap(msg);
        assertThat(r.next()).isTrue();
        TcmuEvent e = TcmuNetlinkFormat.decodeEvent(r, FAMILY);
        assertThat(e).isEqualTo(new TcmuEvent(1, 2, 77, name, 3, 5, null, -1, -1));
        assertThat(e.expectsReply()).isTrue();
        assertThat(TcmuNetlinkFormat.decodeEvent(r, FAMILY + 1)).isNull();
    }

    @Test
    void decodesReconfigWithPadBeforeTheU64() throws Exception {
        byte[] raw = hex("48000000 1c00 0000 09000000 00000000 03020000"
                + "0800 0200 01000000"
                + "0800 0800 06000000"
                + "0a00 0100 7463 6d2d 7573 0000"   // DEVICE "tcm-us" (short, NUL terminated)
                + "0400 0300"                        // PAD for 64-bit alignment
                + "0c00 0500 0000 1000 0000 0000"   // DEV_SIZE 0x100000
                + "0500 0600 01 000000");          // WRITECACHE 1
        ByteBuffer msg = ByteBuffer.wrap(raw);
        NetlinkMessageReader r = new NetlinkMessageReader().wrap(msg);
        assertThat(r.next()).isTrue();
        TcmuEvent e = TcmuNetlinkFormat.decodeEvent(r, FAMILY);
        assertThat(e).isEqualTo(new TcmuEvent(3, 2, 9, "tcm-us", 1, 6, null, 0x100000L, 1));
    }

    @Test
    void eventsLackingRequiredAttributesAreDropped() throws Exception {
        ByteBuffer noId = writer().begin(FAMILY, 0, 1, 0).genl(1, 2).putString(1, "tcm-user/1/d/x/y")
                .putU32(2, 0).finish();
        NetlinkMessageReader r = new NetlinkMessageReader().wrap(noId);
        r.next();
        assertThat(TcmuNetlinkFormat.decodeEvent(r, FAMILY)).isNull();
        ByteBuffer v1 = writer().begin(FAMILY, 0, 1, 0).genl(2, 1).putString(1, "tcm-user/1/d/x/y")
                .putU32(2, 0).finish();
        r.wrap(v1).next();
        TcmuEvent old = TcmuNetlinkFormat.decodeEvent(r, FAMILY);
        assertThat(old.deviceId()).isEqualTo(-1);
        assertThat(old.expectsReply()).isFalse();
    }

    @Test
    void openingWithoutTheKernelModuleIsACleanEnoent() {
        Assumptions.assumeFalse(Files.exists(Path.of("/sys/module/target_core_user")),
                "target_core_user is loaded here; the real-kernel path is covered by the VM test");
        assertThatThrownBy(TcmuNetlink::open)
                .isInstanceOfSatisfying(NativeIoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("TCM-USER");
    }

    private static NetlinkMessageWriter writer() {
        return new NetlinkMessageWriter(ByteBuffer.allocate(512));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }
}
