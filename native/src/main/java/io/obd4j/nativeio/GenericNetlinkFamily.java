package io.obd4j.nativeio;

import static io.obd4j.nativeio.NetlinkFormat.CTRL_ATTR_FAMILY_ID;
import static io.obd4j.nativeio.NetlinkFormat.CTRL_ATTR_FAMILY_NAME;
import static io.obd4j.nativeio.NetlinkFormat.CTRL_ATTR_MCAST_GROUPS;
import static io.obd4j.nativeio.NetlinkFormat.CTRL_ATTR_MCAST_GRP_ID;
import static io.obd4j.nativeio.NetlinkFormat.CTRL_ATTR_MCAST_GRP_NAME;
import static io.obd4j.nativeio.NetlinkFormat.CTRL_ATTR_VERSION;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic netlink family as the controller ({@code nlctrl}) describes it: id, version and multicast groups.
 */
public record GenericNetlinkFamily(String name, int id, int version, Map<String, Integer> multicastGroups) {

    public GenericNetlinkFamily {
        multicastGroups = Map.copyOf(multicastGroups);
    }

    /** Writes a {@code CTRL_CMD_GETFAMILY} request for {@code name}. */
    public static ByteBuffer encodeGetFamily(NetlinkMessageWriter writer, String name, int seq) {
        return writer.begin(NetlinkFormat.GENL_ID_CTRL, NetlinkFormat.NLM_F_REQUEST, seq, 0)
                .genl(NetlinkFormat.CTRL_CMD_GETFAMILY, 1)
                .putString(CTRL_ATTR_FAMILY_NAME, name)
                .finish();
    }

    /**
     * Asks the kernel for family {@code name} over {@code socket}, which must not have joined any group yet.
     *
     * @throws NativeIoException with the kernel's errno, e.g. {@code ENOENT} when the family is not registered
     */
    public static GenericNetlinkFamily resolve(NetlinkSocket socket, String name, int seq) throws NativeIoException {
        ByteBuffer out = ByteBuffer.allocateDirect(256);
        socket.send(encodeGetFamily(new NetlinkMessageWriter(out), name, seq));
        ByteBuffer in = ByteBuffer.allocateDirect(16384);
        NetlinkMessageReader reader = new NetlinkMessageReader();
        while (true) {
            in.clear();
            socket.receive(in, true);
            in.flip();
            reader.wrap(in);
            while (reader.next()) {
                if (reader.seq() != seq) {
                    continue;
                }
                if (reader.isError()) {
                    int code = reader.errorCode();
                    throw new NativeIoException("CTRL_CMD_GETFAMILY", "name=" + name, code == 0 ? Errno.EPROTO
                            : -code, code == 0 ? "ACK without a family" : "");
                }
                if (reader.type() == NetlinkFormat.GENL_ID_CTRL) {
                    return parse(reader, name);
                }
            }
        }
    }

    /** Decodes a {@code CTRL_CMD_NEWFAMILY} message (the reader's current message). */
    public static GenericNetlinkFamily parse(NetlinkMessageReader reader, String name) throws NativeIoException {
        NetlinkAttributeReader attrs = reader.genlAttributes(new NetlinkAttributeReader());
        int id = -1;
        int version = 0;
        String familyName = name;
        Map<String, Integer> groups = new LinkedHashMap<>();
        while (attrs.next()) {
            switch (attrs.type()) {
                case CTRL_ATTR_FAMILY_ID -> id = attrs.u16();
                case CTRL_ATTR_FAMILY_NAME -> familyName = attrs.string();
                case CTRL_ATTR_VERSION -> version = attrs.u32();
                case CTRL_ATTR_MCAST_GROUPS -> parseGroups(attrs, groups);
                default -> {
                }
            }
        }
        if (id < 0) {
            throw NetlinkMessageReader.malformed("CTRL_ATTR_FAMILY_ID", reader.offset(), "a family id", "none");
        }
        return new GenericNetlinkFamily(familyName, id, version, groups);
    }

    private static void parseGroups(NetlinkAttributeReader attrs, Map<String, Integer> groups)
            throws NativeIoException {
        NetlinkAttributeReader list = attrs.nested(new NetlinkAttributeReader());
        NetlinkAttributeReader group = new NetlinkAttributeReader();
        while (list.next()) {
            list.nested(group);
            String groupName = null;
            int groupId = -1;
            while (group.next()) {
                if (group.type() == CTRL_ATTR_MCAST_GRP_NAME) {
                    groupName = group.string();
                } else if (group.type() == CTRL_ATTR_MCAST_GRP_ID) {
                    groupId = group.u32();
                }
            }
            if (groupName != null && groupId >= 0) {
                groups.put(groupName, groupId);
            }
        }
    }

    /** The id of multicast group {@code group}, or -1. */
    public int group(String group) {
        return multicastGroups.getOrDefault(group, -1);
    }
}
