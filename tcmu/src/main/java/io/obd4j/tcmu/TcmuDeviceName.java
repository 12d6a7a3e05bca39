package io.obd4j.tcmu;

/**
 * The name the kernel gives a TCMU device in {@code /sys/class/uio/uioN/name} and the netlink {@code DEVICE}
 * attribute: {@code tcm-user/<hba>/<dev>/<dev_config>} (spec tcmu-and-snapshotter.md §1.4). The handler
 * cfgstring is {@code <dev_config>} = {@code <subtype>/<rest>}; for overlaybd the rest is the absolute path of
 * config.v1.json, optionally followed by {@code ;<dev_id>}.
 *
 * @param hba        the HBA number ({@code user_<hba>} in configfs)
 * @param deviceName the configfs device directory name (e.g. {@code dev_42})
 * @param cfgString  everything after the third {@code /}
 */
public record TcmuDeviceName(String hba, String deviceName, String cfgString) {
    public static final String PREFIX = "tcm-user";
    public static final String OVERLAYBD_SUBTYPE = "overlaybd";

    /**
     * Parses a uio name.
     *
     * @throws IllegalArgumentException when it is not a {@code tcm-user/…} name with four parts
     */
    public static TcmuDeviceName parse(String uioName) {
        String name = uioName.strip();
        int a = name.indexOf('/');
        int b = a < 0 ? -1 : name.indexOf('/', a + 1);
        int c = b < 0 ? -1 : name.indexOf('/', b + 1);
        if (c < 0 || !name.substring(0, a).equals(PREFIX) || a + 1 == b || b + 1 == c) {
            throw new IllegalArgumentException("not a TCMU uio name (tcm-user/<hba>/<dev>/<cfg>): '" + uioName + "'");
        }
        return new TcmuDeviceName(name.substring(a + 1, b), name.substring(b + 1, c), name.substring(c + 1));
    }

    /** True when {@code uioName} starts with {@code tcm-user} (libtcmu's filter for uio devices). */
    public static boolean isTcmu(String uioName) {
        return uioName.startsWith(PREFIX);
    }

    /** The handler subtype: the cfgstring up to its first {@code /} (the whole string if it has none). */
    public String subtype() {
        int slash = cfgString.indexOf('/');
        return slash < 0 ? cfgString : cfgString.substring(0, slash);
    }

    public boolean isOverlaybd() {
        return OVERLAYBD_SUBTYPE.equals(subtype());
    }

    /**
     * overlaybd's {@code tcmu_get_path} + {@code parse_config_and_dev_id}: the cfgstring after its first
     * {@code /}, up to the first {@code ;}.
     */
    public String configPath() {
        String rest = afterSubtype();
        int semi = rest.indexOf(';');
        return semi < 0 ? rest : rest.substring(0, semi);
    }

    /** The optional {@code ;<dev_id>} suffix, or null. */
    public String devId() {
        String rest = afterSubtype();
        int semi = rest.indexOf(';');
        return semi < 0 ? null : rest.substring(semi + 1);
    }

    /** The configfs HBA directory name, {@code user_<hba>}. */
    public String hbaDirectory() {
        return "user_" + hba;
    }

    private String afterSubtype() {
        int slash = cfgString.indexOf('/');
        return slash < 0 ? "" : cfgString.substring(slash + 1);
    }

    @Override
    public String toString() {
        return PREFIX + "/" + hba + "/" + deviceName + "/" + cfgString;
    }
}
