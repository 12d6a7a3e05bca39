package io.obd4j.tcmu;

import io.obd4j.nativeio.NativeIoException;
import io.obd4j.nativeio.NetlinkAttributeReader;
import io.obd4j.nativeio.NetlinkFormat;
import io.obd4j.nativeio.NetlinkMessageReader;
import io.obd4j.nativeio.NetlinkMessageWriter;

import java.nio.ByteBuffer;

/**
 * The generic netlink family {@code TCM-USER} (spec tcmu-and-snapshotter.md §3.8): commands, attributes and the
 * two messages user space sends. Kernel events carry {@code DEVICE}, {@code MINOR} and {@code DEVICE_ID}; replies
 * echo {@code DEVICE_ID} with a {@code CMD_STATUS}.
 *
 * <pre>
 * reply (36 bytes)
 *  0 u32 36 | 4 u16 family id | 6 u16 0x0001 NLM_F_REQUEST | 8 u32 seq | 12 u32 0
 * 16 u8 cmd (4 ADDED_DEVICE_DONE, 5 REMOVED_DEVICE_DONE, 6 RECONFIG_DEVICE_DONE) | 17 u8 2 | 18 u16 0
 * 20 u16 8 | 22 u16 7 CMD_STATUS | 24 s32 status
 * 28 u16 8 | 30 u16 8 DEVICE_ID  | 32 u32 device id
 * SET_FEATURES (28 bytes)
 *  0 u32 28 | 4 u16 family id | 6 u16 0x0005 NLM_F_REQUEST|NLM_F_ACK | 8 u32 seq | 12 u32 0
 * 16 u8 7 | 17 u8 2 | 18 u16 0 | 20 u16 5 | 22 u16 9 SUPP_KERN_CMD_REPLY | 24 u8 1 | 25..27 pad
 * </pre>
 */
public final class TcmuNetlinkFormat {
    public static final String FAMILY_NAME = "TCM-USER";
    public static final String MCAST_GROUP = "config";
    public static final int VERSION = 2;

    public static final int CMD_ADDED_DEVICE = 1;
    public static final int CMD_REMOVED_DEVICE = 2;
    public static final int CMD_RECONFIG_DEVICE = 3;
    public static final int CMD_ADDED_DEVICE_DONE = 4;
    public static final int CMD_REMOVED_DEVICE_DONE = 5;
    public static final int CMD_RECONFIG_DEVICE_DONE = 6;
    public static final int CMD_SET_FEATURES = 7;

    public static final int ATTR_DEVICE = 1;
    public static final int ATTR_MINOR = 2;
    public static final int ATTR_PAD = 3;
    public static final int ATTR_DEV_CFG = 4;
    public static final int ATTR_DEV_SIZE = 5;
    public static final int ATTR_WRITECACHE = 6;
    public static final int ATTR_CMD_STATUS = 7;
    public static final int ATTR_DEVICE_ID = 8;
    public static final int ATTR_SUPP_KERN_CMD_REPLY = 9;

    private TcmuNetlinkFormat() {
    }

    /** The {@code *_DONE} command answering {@code eventCommand}. */
    public static int doneCommand(int eventCommand) {
        if (eventCommand < CMD_ADDED_DEVICE || eventCommand > CMD_RECONFIG_DEVICE) {
            throw new IllegalArgumentException("not a TCMU event command: " + eventCommand);
        }
        return eventCommand + 3;
    }

    public static ByteBuffer encodeReply(NetlinkMessageWriter w, int familyId, int seq, int doneCommand, int status,
                                         int deviceId) {
        return w.begin(familyId, NetlinkFormat.NLM_F_REQUEST, seq, 0).genl(doneCommand, VERSION)
                .putU32(ATTR_CMD_STATUS, status)
                .putU32(ATTR_DEVICE_ID, deviceId)
                .finish();
    }

    public static ByteBuffer encodeSetFeatures(NetlinkMessageWriter w, int familyId, int seq) {
        return w.begin(familyId, NetlinkFormat.NLM_F_REQUEST | NetlinkFormat.NLM_F_ACK, seq, 0)
                .genl(CMD_SET_FEATURES, VERSION)
                .putU8(ATTR_SUPP_KERN_CMD_REPLY, 1)
                .finish();
    }

    /**
     * Decodes the reader's current message as a TCMU event, following libtcmu: messages of another family, other
     * commands, or lacking {@code DEVICE}/{@code MINOR} (or {@code DEVICE_ID} when the header version is above 1)
     * give null.
     */
    public static TcmuEvent decodeEvent(NetlinkMessageReader r, int familyId) throws NativeIoException {
        if (r.type() != familyId) {
            return null;
        }
        int cmd = r.genlCmd();
        if (cmd < CMD_ADDED_DEVICE || cmd > CMD_RECONFIG_DEVICE) {
            return null;
        }
        int version = r.genlVersion();
        String device = null;
        int minor = -1;
        int deviceId = -1;
        String devCfg = null;
        long devSize = -1;
        int writeCache = -1;
        NetlinkAttributeReader a = r.genlAttributes(new NetlinkAttributeReader());
        while (a.next()) {
            switch (a.type()) {
                case ATTR_DEVICE -> device = a.string();
                case ATTR_MINOR -> minor = a.u32();
                case ATTR_DEVICE_ID -> deviceId = a.u32();
                case ATTR_DEV_CFG -> devCfg = a.string();
                case ATTR_DEV_SIZE -> devSize = a.u64();
                case ATTR_WRITECACHE -> writeCache = a.u8();
                default -> {
                }
            }
        }
        if (device == null || minor < 0 || (version > 1 && deviceId < 0)) {
            return null;
        }
        return new TcmuEvent(cmd, version, r.seq(), device, minor, deviceId, devCfg, devSize, writeCache);
    }
}
