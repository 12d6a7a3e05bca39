package io.obd4j.daemon.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One interactive {@code qemu-io} session on an iSCSI LUN (one initiator login for its whole life): commands are
 * fed on stdin, and every {@code wrote ...} line it prints is one write the target acknowledged.
 */
final class QemuIoSession implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final AtomicInteger acked = new AtomicInteger();
    private final StringBuilder transcript = new StringBuilder();
    private final Thread reader;

    QemuIoSession(String url) throws IOException {
        process = new ProcessBuilder("stdbuf", "-oL", "qemu-io", "-f", "raw", url).redirectErrorStream(true).start();
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        reader = new Thread(this::readOutput, "qemu-io-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (transcript) {
                    transcript.append(line).append('\n');
                }
                if (line.contains("wrote ")) {
                    acked.incrementAndGet();
                }
            }
        } catch (IOException e) {
            synchronized (transcript) {
                transcript.append("(output closed: ").append(e).append(")\n");
            }
        }
    }

    /** Sends one command without waiting for it. */
    void send(String command) throws IOException {
        in.write(command);
        in.write('\n');
        in.flush();
    }

    /** Writes acknowledged so far. */
    int acked() {
        return acked.get();
    }

    /** Waits (up to 120 s) until at least {@code n} writes were acknowledged. */
    void awaitAcked(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (acked.get() < n) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("qemu-io acknowledged " + acked.get() + " of " + n + " writes:\n"
                        + transcript());
            }
            Thread.sleep(10);
        }
    }

    String transcript() {
        synchronized (transcript) {
            return transcript.toString();
        }
    }

    /** Ends the session (EOF on stdin) and returns qemu-io's exit code. */
    int finish() throws IOException, InterruptedException {
        in.close();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        reader.join(5000);
        return done ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
