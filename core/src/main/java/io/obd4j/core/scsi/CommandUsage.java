package io.obd4j.core.scsi;

/**
 * The CDB USAGE DATA of every command this layer implements (SPC-4 §6.35.4): byte 0 the opcode, byte 1 of a
 * command with service actions the service action, every other byte a mask of the bits the device server
 * evaluates (RDPROTECT/WRPROTECT and DPO/FUA are refused, so they are not in the masks; CONTROL is 0: NACA is
 * refused and LINK is obsolete). REPORT SUPPORTED OPERATION CODES answers from this table; a test keeps it in
 * step with the dispatch table.
 */
final class CommandUsage {
    /** Commands without service actions. */
    static final String[] PLAIN = {
        "00 00 00 00 00 00",                                   // TEST UNIT READY
        "03 01 00 00 FF 00",                                   // REQUEST SENSE
        "08 1F FF FF FF 00",                                   // READ(6)
        "0A 1F FF FF FF 00",                                   // WRITE(6)
        "12 01 FF FF FF 00",                                   // INQUIRY
        "15 11 00 00 FF 00",                                   // MODE SELECT(6)
        "1A 08 FF FF FF 00",                                   // MODE SENSE(6)
        "1B 01 00 01 01 00",                                   // START STOP UNIT
        "16 00 00 00 00 00",                                   // RESERVE(6)
        "17 00 00 00 00 00",                                   // RELEASE(6)
        "1E 00 00 00 01 00",                                   // PREVENT ALLOW MEDIUM REMOVAL
        "25 00 00 00 00 00 00 00 00 00",                       // READ CAPACITY(10)
        "28 00 FF FF FF FF 00 FF FF 00",                       // READ(10)
        "2A 00 FF FF FF FF 00 FF FF 00",                       // WRITE(10)
        "2E 02 FF FF FF FF 00 FF FF 00",                       // WRITE AND VERIFY(10)
        "2F 06 FF FF FF FF 00 FF FF 00",                       // VERIFY(10)
        "34 02 FF FF FF FF 00 FF FF 00",                       // PRE-FETCH(10)
        "35 02 FF FF FF FF 00 FF FF 00",                       // SYNCHRONIZE CACHE(10)
        "41 08 FF FF FF FF 00 FF FF 00",                       // WRITE SAME(10)
        "42 00 00 00 00 00 00 FF FF 00",                       // UNMAP
        "55 11 00 00 00 00 00 FF FF 00",                       // MODE SELECT(10)
        "56 00 00 00 00 00 00 00 00 00",                       // RESERVE(10)
        "57 00 00 00 00 00 00 00 00 00",                       // RELEASE(10)
        "5A 08 FF FF 00 00 00 FF FF 00",                       // MODE SENSE(10)
        "88 00 FF FF FF FF FF FF FF FF FF FF FF FF 00 00",     // READ(16)
        "89 00 FF FF FF FF FF FF FF FF 00 00 00 FF 00 00",     // COMPARE AND WRITE
        "8A 00 FF FF FF FF FF FF FF FF FF FF FF FF 00 00",     // WRITE(16)
        "8B 00 FF FF FF FF FF FF FF FF FF FF FF FF 00 00",     // ORWRITE(16)
        "8E 02 FF FF FF FF FF FF FF FF FF FF FF FF 00 00",     // WRITE AND VERIFY(16)
        "8F 06 FF FF FF FF FF FF FF FF FF FF FF FF 00 00",     // VERIFY(16)
        "90 02 FF FF FF FF FF FF FF FF FF FF FF FF 00 00",     // PRE-FETCH(16)
        "91 02 FF FF FF FF FF FF FF FF FF FF FF FF 00 00",     // SYNCHRONIZE CACHE(16)
        "93 09 FF FF FF FF FF FF FF FF FF FF FF FF 00 00",     // WRITE SAME(16)
        "A0 00 FF 00 00 00 FF FF FF FF 00 00",                 // REPORT LUNS
        "A8 00 FF FF FF FF FF FF FF FF 00 00",                 // READ(12)
        "AA 00 FF FF FF FF FF FF FF FF 00 00",                 // WRITE(12)
        "AE 02 FF FF FF FF FF FF FF FF 00 00",                 // WRITE AND VERIFY(12)
        "AF 06 FF FF FF FF FF FF FF FF 00 00",                 // VERIFY(12)
    };

    /** Commands addressed by opcode + service action (byte 1 holds the service action). */
    static final String[] WITH_SERVICE_ACTION = {
        "5E 00 00 00 00 00 00 FF FF 00",                       // PERSISTENT RESERVE IN / READ KEYS
        "5E 01 00 00 00 00 00 FF FF 00",                       // PERSISTENT RESERVE IN / READ RESERVATION
        "5E 02 00 00 00 00 00 FF FF 00",                       // PERSISTENT RESERVE IN / REPORT CAPABILITIES
        "5E 03 00 00 00 00 00 FF FF 00",                       // PERSISTENT RESERVE IN / READ FULL STATUS
        "5F 00 00 00 00 FF FF FF FF 00",                       // PERSISTENT RESERVE OUT / REGISTER
        "5F 01 FF 00 00 FF FF FF FF 00",                       // PERSISTENT RESERVE OUT / RESERVE
        "5F 02 FF 00 00 FF FF FF FF 00",                       // PERSISTENT RESERVE OUT / RELEASE
        "5F 03 00 00 00 FF FF FF FF 00",                       // PERSISTENT RESERVE OUT / CLEAR
        "5F 04 FF 00 00 FF FF FF FF 00",                       // PERSISTENT RESERVE OUT / PREEMPT
        "5F 05 FF 00 00 FF FF FF FF 00",                       // PERSISTENT RESERVE OUT / PREEMPT AND ABORT
        "5F 06 00 00 00 FF FF FF FF 00",                       // PERSISTENT RESERVE OUT / REGISTER AND IGNORE
        "9E 12 FF FF FF FF FF FF FF FF FF FF FF FF 00 00",     // GET LBA STATUS
        "9E 10 00 00 00 00 00 00 00 00 FF FF FF FF 00 00",     // READ CAPACITY(16)
        "A3 0C 87 FF FF FF FF FF FF FF 00 00",                 // REPORT SUPPORTED OPERATION CODES
    };

    private CommandUsage() {
    }

    /** The usage data of {@code opcode} (service action {@code sa}, or -1 for a plain command), or null. */
    static byte[] find(int opcode, int sa) {
        for (String usage : sa < 0 ? PLAIN : WITH_SERVICE_ACTION) {
            byte[] b = parse(usage);
            if ((b[0] & 0xFF) == opcode && (sa < 0 || (b[1] & 0xFF) == sa)) {
                return b;
            }
        }
        return null;
    }

    /** True when {@code opcode} is one of the commands addressed with a service action. */
    static boolean hasServiceActions(int opcode) {
        for (String usage : WITH_SERVICE_ACTION) {
            if (Integer.parseInt(usage.substring(0, 2), 16) == opcode) {
                return true;
            }
        }
        return false;
    }

    static byte[] parse(String usage) {
        String[] parts = usage.split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }
}
