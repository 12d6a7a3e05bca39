package io.obd4j.iscsi.session;

/**
 * The command window of a session (RFC 7143 section 4.2.2.1): ExpCmdSN is the next CmdSN to deliver; MaxCmdSN
 * = ExpCmdSN - 1 + depth - (commands delivered and not finished). So the window only opens as commands finish:
 * an initiator that respects MaxCmdSN can never have more than {@code depth} commands queued here, and MaxCmdSN
 * never moves backwards.
 */
public final class CommandWindow {
    /** Where a CmdSN falls. */
    public enum Position { NEXT, AHEAD, OUTSIDE }

    private final int depth;
    private int expCmdSn;
    private int inFlight;

    public CommandWindow(int expCmdSn, int depth) {
        this.expCmdSn = expCmdSn;
        this.depth = depth;
    }

    public int expCmdSn() {
        return expCmdSn;
    }

    public int maxCmdSn() {
        return expCmdSn - 1 + depth - inFlight;
    }

    public int inFlight() {
        return inFlight;
    }

    public Position position(int cmdSn) {
        if (cmdSn == expCmdSn && inFlight < depth) {
            return Position.NEXT;
        }
        return SerialNumber.inRange(cmdSn, expCmdSn, maxCmdSn()) ? Position.AHEAD : Position.OUTSIDE;
    }

    /** The command with CmdSN = ExpCmdSN was delivered; {@code holdsSlot} if it stays in flight. */
    public void advance(boolean holdsSlot) {
        expCmdSn++;
        if (holdsSlot) {
            inFlight++;
        }
    }

    /** A command that held a slot finished. */
    public void release() {
        if (inFlight > 0) {
            inFlight--;
        }
    }
}
