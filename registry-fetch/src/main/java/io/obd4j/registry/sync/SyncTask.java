package io.obd4j.registry.sync;

import java.io.IOException;
import java.util.List;

/** One unit of a sync round; a task may produce follow-ups that run in the same round (a rule → its images). */
interface SyncTask {
    /** Does the work; an exception fails the task (it is retried in the next round). */
    List<SyncTask> run() throws IOException;

    /** What the task does, for failure lists and logs. */
    String describe();
}
