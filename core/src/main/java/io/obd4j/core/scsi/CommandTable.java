package io.obd4j.core.scsi;

/** The opcode → handler dispatch table of one logical unit. */
final class CommandTable {
    private CommandTable() {
    }

    static CommandHandler[] build(LogicalUnit unit, Reservations reservations) {
        CommandHandler[] table = new CommandHandler[256];
        UnitCommands unitCommands = new UnitCommands(unit);
        register(table, unitCommands, ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.REQUEST_SENSE,
            ScsiOpcode.START_STOP_UNIT, ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL, ScsiOpcode.REPORT_LUNS);
        register(table, new InquiryCommands(unit), ScsiOpcode.INQUIRY);
        register(table, new CapacityCommands(unit), ScsiOpcode.READ_CAPACITY_10, ScsiOpcode.SERVICE_ACTION_IN_16);
        register(table, new ModeCommands(unit), ScsiOpcode.MODE_SENSE_6, ScsiOpcode.MODE_SENSE_10,
            ScsiOpcode.MODE_SELECT_6, ScsiOpcode.MODE_SELECT_10);
        register(table, new ReadWriteCommands(unit), ScsiOpcode.READ_6, ScsiOpcode.READ_10, ScsiOpcode.READ_12,
            ScsiOpcode.READ_16, ScsiOpcode.WRITE_6, ScsiOpcode.WRITE_10, ScsiOpcode.WRITE_12, ScsiOpcode.WRITE_16,
            ScsiOpcode.WRITE_AND_VERIFY_10, ScsiOpcode.WRITE_AND_VERIFY_12, ScsiOpcode.WRITE_AND_VERIFY_16);
        register(table, new OrWriteCommand(unit), ScsiOpcode.ORWRITE_16);
        register(table, new VerifyCommands(unit), ScsiOpcode.VERIFY_10, ScsiOpcode.VERIFY_12, ScsiOpcode.VERIFY_16,
            ScsiOpcode.COMPARE_AND_WRITE);
        register(table, new CacheCommands(unit), ScsiOpcode.SYNCHRONIZE_CACHE_10, ScsiOpcode.SYNCHRONIZE_CACHE_16,
            ScsiOpcode.PRE_FETCH_10, ScsiOpcode.PRE_FETCH_16);
        register(table, new ProvisioningCommands(unit), ScsiOpcode.WRITE_SAME_10, ScsiOpcode.WRITE_SAME_16,
            ScsiOpcode.UNMAP);
        register(table, new SupportedOpcodesCommand(), ScsiOpcode.MAINTENANCE_IN);
        register(table, new ReservationCommands(reservations), ScsiOpcode.RESERVE_6, ScsiOpcode.RELEASE_6,
            ScsiOpcode.RESERVE_10, ScsiOpcode.RELEASE_10, ScsiOpcode.PERSISTENT_RESERVE_IN,
            ScsiOpcode.PERSISTENT_RESERVE_OUT);
        return table;
    }

    private static void register(CommandHandler[] table, CommandHandler handler, int... opcodes) {
        for (int op : opcodes) {
            if (table[op] != null) {
                throw new IllegalStateException("opcode registered twice: " + ScsiOpcode.name(op));
            }
            table[op] = handler;
        }
    }
}
