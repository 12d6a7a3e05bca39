package io.obd4j.iscsi.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TaskExecutorTest {

    @Test
    void runsEveryTaskSubmittedFromManyThreadsOnTheWorkers() throws Exception {
        try (TaskExecutor executor = new TaskExecutor(4, 1024)) {
            int perThread = 20_000;
            AtomicInteger ran = new AtomicInteger();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            CountDownLatch all = new CountDownLatch(3 * perThread);
            Thread[] producers = new Thread[3];
            for (int p = 0; p < producers.length; p++) {
                producers[p] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        Runnable work = () -> {
                            threads.add(Thread.currentThread().getName());
                            ran.incrementAndGet();
                            all.countDown();
                        };
                        while (!executor.submit(work)) {
                            Thread.onSpinWait();
                        }
                        if (i % 1000 == 0) {
                            // let the workers go idle and park now and then: wake-ups must not be lost
                            sleepQuietly();
                        }
                    }
                });
                producers[p].start();
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).as("ran %d of %d", ran.get(), 3 * perThread).isTrue();
            assertThat(threads).allMatch(n -> n.startsWith("iscsi-scsi-"));
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Commands that block (a slow disk) do not hold up the queued ones: the backlog wakes more workers. */
    @Test
    void blockedCommandsDoNotHoldUpTheQueue() throws Exception {
        try (TaskExecutor executor = new TaskExecutor(4, 64)) {
            for (int round = 0; round < 20; round++) {
                // all four can only finish together: each waits for the other three to be running at once
                CyclicBarrier together = new CyclicBarrier(4);
                CountDownLatch passed = new CountDownLatch(4);
                for (int i = 0; i < 4; i++) {
                    assertThat(executor.submit(() -> {
                        try {
                            together.await(30, TimeUnit.SECONDS);
                            passed.countDown();
                        } catch (Exception e) {
                            Thread.currentThread().interrupt();
                        }
                    })).isTrue();
                }
                assertThat(passed.await(30, TimeUnit.SECONDS)).as("round %d", round).isTrue();
            }
        }
    }

    @Test
    void fullQueueRefusesInsteadOfGrowing() throws Exception {
        try (TaskExecutor executor = new TaskExecutor(1, 4)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            assertThat(executor.submit(() -> {
                started.countDown();
                awaitQuietly(release);
            })).isTrue();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            int accepted = 0;
            while (executor.submit(() -> { }) && accepted < 100) {
                accepted++;
            }
            assertThat(accepted).isEqualTo(4);
            release.countDown();
        }
    }

    @Test
    void shutdownRunsQueuedWorkThenRefusesNewWork() throws Exception {
        TaskExecutor executor = new TaskExecutor(2, 64);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            assertThat(executor.submit(ran::incrementAndGet)).isTrue();
        }
        assertThat(executor.shutdown(10_000)).isTrue();
        assertThat(ran.get()).isEqualTo(50);
        assertThat(executor.submit(ran::incrementAndGet)).isFalse();
        executor.close();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
