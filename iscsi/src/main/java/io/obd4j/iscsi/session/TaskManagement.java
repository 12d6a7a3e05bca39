package io.obd4j.iscsi.session;

import io.obd4j.core.scsi.ScsiDevice;
import io.obd4j.iscsi.codec.Bhs;
import io.obd4j.iscsi.codec.Pdu;
import io.obd4j.iscsi.codec.TargetPdus;
import io.obd4j.iscsi.task.LunAddress;
import io.obd4j.iscsi.task.ScsiTaskHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task Management Function requests (RFC 7143 sections 11.5, 11.6): ABORT TASK, ABORT TASK SET, CLEAR TASK SET,
 * CLEAR ACA, LOGICAL UNIT RESET, TARGET WARM RESET, TARGET COLD RESET. The response is sent only after every
 * aborted task has stopped; aborted tasks get no response of their own. Resets also abort the tasks of the
 * target's other sessions (cold reset closes them).
 */
final class TaskManagement {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManagement.class);

    static final int ABORT_TASK = 1;
    static final int ABORT_TASK_SET = 2;
    static final int CLEAR_ACA = 3;
    static final int CLEAR_TASK_SET = 4;
    static final int LOGICAL_UNIT_RESET = 5;
    static final int TARGET_WARM_RESET = 6;
    static final int TARGET_COLD_RESET = 7;
    static final int TASK_REASSIGN = 8;

    static final int COMPLETE = 0;
    static final int NO_TASK = 1;
    static final int NO_LUN = 2;
    static final int REASSIGN_NOT_SUPPORTED = 4;
    static final int NOT_SUPPORTED = 5;

    private final Session session;
    private final ScsiTaskHandler tasks;
    private final SessionRegistry registry;

    TaskManagement(Session session, ScsiTaskHandler tasks, SessionRegistry registry) {
        this.session = session;
        this.tasks = tasks;
        this.registry = registry;
    }

    void request(Pdu pdu) {
        int function = pdu.flags() & 0x7f;
        int itt = pdu.initiatorTaskTag();
        if (tasks == null) {
            respond(itt, NOT_SUPPORTED);
            return;
        }
        int lun = LunAddress.decode(pdu.lun());
        boolean lunKnown = session.hasLun(lun);
        LOG.info("task management function {} lun {} ref 0x{}", function, lun,
            Integer.toHexString(pdu.field(Bhs.REFERENCED_TASK_TAG)));
        switch (function) {
            case ABORT_TASK:
                abortTask(pdu, itt);
                break;
            case ABORT_TASK_SET:
            case CLEAR_TASK_SET:
                if (!lunKnown) {
                    respond(itt, NO_LUN);
                } else {
                    tasks.abort(Bhs.RESERVED_TAG, l -> l == lun, () -> respond(itt, COMPLETE));
                }
                break;
            case CLEAR_ACA:
                respond(itt, lunKnown ? COMPLETE : NO_LUN);
                break;
            case LOGICAL_UNIT_RESET:
                if (!lunKnown) {
                    respond(itt, NO_LUN);
                } else {
                    abortOthers(lun, false);
                    session.forEachDevice(lun, ScsiDevice::logicalUnitReset);
                    tasks.abort(Bhs.RESERVED_TAG, l -> l == lun, () -> respond(itt, COMPLETE));
                }
                break;
            case TARGET_WARM_RESET:
            case TARGET_COLD_RESET:
                boolean cold = function == TARGET_COLD_RESET;
                abortOthers(-1, cold);
                session.forEachDevice(-1, ScsiDevice::logicalUnitReset);
                tasks.abort(Bhs.RESERVED_TAG, l -> true, () -> {
                    respond(itt, COMPLETE);
                    if (cold) {
                        session.closeAfterFlush("TARGET COLD RESET");
                    }
                });
                break;
            case TASK_REASSIGN:
                respond(itt, REASSIGN_NOT_SUPPORTED);
                break;
            default:
                respond(itt, NOT_SUPPORTED);
        }
    }

    private void abortTask(Pdu pdu, int itt) {
        int ref = pdu.field(Bhs.REFERENCED_TASK_TAG);
        if (tasks.has(ref)) {
            tasks.abort(ref, l -> true, () -> respond(itt, COMPLETE));
            return;
        }
        // Finished already or never received: either way there is nothing to abort (as tgt and LIO answer).
        respond(itt, NO_TASK);
    }

    private void abortOthers(int lun, boolean close) {
        registry.forEachOf(session.targetName(), session, other -> other.execute(() -> {
            if (close) {
                other.closeFromElsewhere();
            } else if (other.tasks() != null) {
                other.tasks().abort(Bhs.RESERVED_TAG, l -> lun < 0 || l == lun, () -> { });
            }
        }));
    }

    private void respond(int itt, int response) {
        session.send(TargetPdus.taskManagementResponse(session.alloc(), itt, response));
        session.flush();
    }
}
