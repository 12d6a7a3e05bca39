package io.obd4j.core.scsi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * MAINTENANCE IN / REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35) from {@link CommandUsage}. Other MAINTENANCE IN
 * service actions are unsupported commands, as overlaybd answers every MAINTENANCE IN (spec §4.5).
 *
 * <pre>
 * CDB: [1] service action 0x0C, [2] RCTD 0x80 | REPORTING OPTIONS (0..2), [3] REQUESTED OPERATION CODE,
 *      [4..5] REQUESTED SERVICE ACTION, [6..9] ALLOCATION LENGTH
 * all commands (options 0): [0..3] COMMAND DATA LENGTH, then per command 8 bytes: [0] opcode, [2..3] service
 *      action, [5] CTDP 0x02 | SERVACTV 0x01, [6..7] CDB LENGTH; + 12-byte timeouts descriptor when RCTD
 * one command (options 1, 2): [1] CTDP 0x80 | SUPPORT (1 not supported, 3 supported), [2..3] CDB SIZE,
 *      [4..] CDB USAGE DATA; + timeouts descriptor when RCTD
 * timeouts descriptor: [0..1] DESCRIPTOR LENGTH 0x000A, [3] command specific, [4..7] nominal, [8..11] recommended
 *      timeout (0: not specified)
 * </pre>
 */
final class SupportedOpcodesCommand implements DataInHandler {
    private static final int RCTD = 0x80;
    private static final int CTDP_ALL = 0x02;
    private static final int SERVACTV = 0x01;
    private static final int CTDP_ONE = 0x80;
    private static final int SUPPORTED = 0x03;
    private static final int NOT_SUPPORTED = 0x01;
    private static final int TIMEOUTS_LENGTH = 12;

    @Override
    public long execute(Cdb cdb, ByteBuffer dataOut, ByteBuffer dataIn, ScsiResponse rsp) throws ScsiException {
        if (cdb.serviceAction() != ScsiOpcode.MI_REPORT_SUPPORTED_OPCODES) {
            throw new ScsiException(Sense.INVALID_OPCODE, "MAINTENANCE IN service action " + cdb.serviceAction());
        }
        boolean timeouts = (cdb.u8(2) & RCTD) != 0;
        int options = cdb.u8(2) & 0x07;
        int opcode = cdb.u8(3);
        int sa = cdb.u16(4);
        byte[] data;
        switch (options) {
            case 0:
                data = all(timeouts);
                break;
            case 1:
                if (CommandUsage.hasServiceActions(opcode)) {
                    throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(3, -1));
                }
                data = one(CommandUsage.find(opcode, -1), timeouts);
                break;
            case 2:
                if (!CommandUsage.hasServiceActions(opcode)) {
                    throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(3, -1));
                }
                data = one(CommandUsage.find(opcode, sa), timeouts);
                break;
            default:
                throw new ScsiException(Sense.INVALID_FIELD_IN_CDB.withCdbFieldPointer(2, 2));
        }
        return DataIn.copy(data, data.length, cdb.u32(6), dataIn, rsp);
    }

    private static byte[] all(boolean timeouts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[4]);
        for (String usage : CommandUsage.PLAIN) {
            descriptor(out, CommandUsage.parse(usage), false, timeouts);
        }
        for (String usage : CommandUsage.WITH_SERVICE_ACTION) {
            descriptor(out, CommandUsage.parse(usage), true, timeouts);
        }
        byte[] data = out.toByteArray();
        BigEndian.put32(ByteBuffer.wrap(data), 0, data.length - 4);
        return data;
    }

    private static void descriptor(ByteArrayOutputStream out, byte[] usage, boolean sa, boolean timeouts) {
        out.write(usage[0]);
        out.write(0);
        out.write(0);
        out.write(sa ? usage[1] : 0);
        out.write(0);
        out.write((timeouts ? CTDP_ALL : 0) | (sa ? SERVACTV : 0));
        out.write(usage.length >>> 8);
        out.write(usage.length);
        if (timeouts) {
            writeTimeouts(out);
        }
    }

    private static byte[] one(byte[] usage, boolean timeouts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        if (usage == null) {
            out.write(NOT_SUPPORTED);
            out.writeBytes(new byte[2]);
            return out.toByteArray();
        }
        out.write((timeouts ? CTDP_ONE : 0) | SUPPORTED);
        out.write(usage.length >>> 8);
        out.write(usage.length);
        out.writeBytes(usage);
        if (timeouts) {
            writeTimeouts(out);
        }
        return out.toByteArray();
    }

    private static void writeTimeouts(ByteArrayOutputStream out) {
        byte[] t = new byte[TIMEOUTS_LENGTH];
        t[1] = TIMEOUTS_LENGTH - 2;
        out.writeBytes(t);
    }
}
