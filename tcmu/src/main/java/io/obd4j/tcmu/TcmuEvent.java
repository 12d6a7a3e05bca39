package io.obd4j.tcmu;

/**
 * A kernel → daemon TCMU netlink event (ADDED, REMOVED or RECONFIG a device).
 *
 * @param command    {@link TcmuNetlinkFormat#CMD_ADDED_DEVICE} …
 * @param version    genl header version (replies are expected only when above 1)
 * @param seq        the event's netlink sequence number
 * @param device     the uio name ({@code tcm-user/<hba>/<dev>/<cfg>})
 * @param minor      N of {@code /dev/uioN}
 * @param deviceId   {@code DEVICE_ID} to echo in the reply, -1 when absent
 * @param devConfig  new {@code dev_config} (RECONFIG), or null
 * @param devSize    new size (RECONFIG), or -1
 * @param writeCache new write-cache setting (RECONFIG), or -1
 */
public record TcmuEvent(int command, int version, int seq, String device, int minor, int deviceId,
                        String devConfig, long devSize, int writeCache) {

    public boolean expectsReply() {
        return version > 1;
    }

    public String commandName() {
        return switch (command) {
            case TcmuNetlinkFormat.CMD_ADDED_DEVICE -> "ADDED_DEVICE";
            case TcmuNetlinkFormat.CMD_REMOVED_DEVICE -> "REMOVED_DEVICE";
            case TcmuNetlinkFormat.CMD_RECONFIG_DEVICE -> "RECONFIG_DEVICE";
            default -> "CMD_" + command;
        };
    }
}
