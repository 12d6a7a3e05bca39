package io.obd4j.core.scsi;

/** The opcode → handler dispatch table of one logical unit. */
final class CommandTable {
    private CommandTable() {
    }

    static CommandHandler[] build(LogicalUnit unit) {
        CommandHandler[] table = new CommandHandler[256];
        UnitCommands unitCommands = new UnitCommands(unit);
        register(table, unitCommands, ScsiOpcode.TEST_UNIT_READY, ScsiOpcode.REQUEST_SENSE,
            ScsiOpcode.START_STOP_UNIT, ScsiOpcode.PREVENT_ALLOW_MEDIUM_REMOVAL, ScsiOpcode.REPORT_LUNS);
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
