package io.obd4j.core.scsi;

/**
 * Mode parameter data of one unit, as libtcmu emulates it (spec tcmu-and-snapshotter.md §4.6); nothing is
 * changeable and no block descriptors are reported.
 *
 * <pre>
 * Mode parameter header         | (6): 4 bytes            | (10): 8 bytes
 *   MODE DATA LENGTH            | [0] = used - 1          | [0..1] = BE16 used - 2
 *   DEVICE-SPECIFIC (WP 0x80)   | [2]                     | [3]
 *   BLOCK DESCRIPTOR LENGTH     | [3] = 0                 | [6..7] = 0
 *
 * page 0x01 Read-Write Error Recovery, 12 bytes: 01 0A 00 00 00 00 00 00 00 00 00 00
 * page 0x08 Caching, 20 bytes:                   08 12 [2]=WCE 0x04 when write cache enabled, rest 0
 * page 0x0A Control, 12 bytes:                   0A 0A 02 00 00 40 00 00 FF FF 00 00 (GLTSD, TAS, busy ∞)
 * page 0x3F = 0x01, 0x08, 0x0A in that order (MODE SENSE only)
 * </pre>
 */
final class ModePages {
    static final int PAGE_RW_ERROR_RECOVERY = 0x01;
    static final int PAGE_CACHING = 0x08;
    static final int PAGE_CONTROL = 0x0A;
    static final int PAGE_ALL = 0x3F;
    static final int HEADER_6 = 4;
    static final int HEADER_10 = 8;
    static final int WP_6 = 2;
    static final int WP_10 = 3;
    static final int WRITE_PROTECT = 0x80;
    static final int WCE = 0x04;
    /** Page code bits of byte 0 of a page (bit 7 PS, bit 6 SPF). */
    static final int PAGE_CODE_MASK = 0x3F;
    static final int SPF = 0x40;

    private static final int[] ORDER = {PAGE_RW_ERROR_RECOVERY, PAGE_CACHING, PAGE_CONTROL};

    private final byte[][] pages = new byte[64][];
    private final boolean writeProtected;

    ModePages(LogicalUnit unit) {
        pages[PAGE_RW_ERROR_RECOVERY] = new byte[] {0x01, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] caching = new byte[20];
        caching[0] = 0x08;
        caching[1] = 0x12;
        caching[2] = (byte) (unit.writeCacheEnabled ? WCE : 0);
        pages[PAGE_CACHING] = caching;
        pages[PAGE_CONTROL] = new byte[] {0x0A, 0x0A, 0x02, 0, 0, 0x40, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 0};
        writeProtected = unit.readOnly;
    }

    /** The page {@code code} (subpage 0), or null when the unit has no such page. */
    byte[] page(int code) {
        return code >= 0 && code < pages.length ? pages[code] : null;
    }

    /**
     * The whole MODE SENSE response for {@code pageCode}/{@code subpage} (header + pages, untruncated), or null
     * when the page is not supported.
     */
    byte[] sense(boolean ten, int pageCode, int subpage) {
        int header = ten ? HEADER_10 : HEADER_6;
        int used = header;
        if (pageCode == PAGE_ALL) {
            for (int code : ORDER) {
                used += pages[code].length;
            }
        } else {
            byte[] page = subpage == 0 ? page(pageCode) : null;
            if (page == null) {
                return null;
            }
            used += page.length;
        }
        byte[] data = new byte[used];
        int at = header;
        for (int code : ORDER) {
            if (pageCode == PAGE_ALL || pageCode == code) {
                System.arraycopy(pages[code], 0, data, at, pages[code].length);
                at += pages[code].length;
            }
        }
        if (ten) {
            data[0] = (byte) ((used - 2) >>> 8);
            data[1] = (byte) (used - 2);
            data[WP_10] = (byte) (writeProtected ? WRITE_PROTECT : 0);
        } else {
            data[0] = (byte) (used - 1);
            data[WP_6] = (byte) (writeProtected ? WRITE_PROTECT : 0);
        }
        return data;
    }
}
