package io.obd4j.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one command in the shared test VM (shared/tools/vm/run.sh) and returns its output, echoed as it arrives.
 *
 * <p>When {@code /dev/kvm} cannot run Debian's kernel, run.sh emulates the guest with TCG. With two vCPUs
 * (multi-threaded TCG) guest JVMs died with SIGSEGV at the verified entry of tiny C1-compiled JDK methods ({@code
 * Object.<init>}, {@code Buffer.scope()}, {@code ArrayDeque.copyElements}) — the stack-bang instruction — in JVMs
 * that made no native call: three of three launches in one run. With one vCPU none did, so the guest gets one vCPU
 * unless VM_CPUS says otherwise. Should a guest JVM still end by a fatal error report under TCG, the run is
 * repeated once, loudly; a second one fails the test.
 */
public final class GuestVm {
    /** What the guest printed and run.sh's exit status. */
    public record Result(String output, int exitCode) {
    }

    private static final String FATAL = "A fatal error has been detected by the Java Runtime Environment";
    private static final String TCG = "[vm] tcg:";

    private GuestVm() {
    }

    /**
     * @param runSh   shared/tools/vm/run.sh
     * @param command the guest command and its arguments
     * @param timeoutSeconds VM_TIMEOUT for run.sh
     */
    public static Result run(String runSh, List<String> command, int timeoutSeconds)
            throws IOException, InterruptedException {
        Result first = runOnce(runSh, command, timeoutSeconds);
        if (!emulatorCrash(first)) {
            return first;
        }
        System.out.println("WARNING: the guest JVM died with a fatal error under TCG emulation (output above); "
                + "repeating the guest run once");
        return runOnce(runSh, command, timeoutSeconds);
    }

    static boolean emulatorCrash(Result r) {
        return r.exitCode() != 0 && r.output().contains(FATAL) && r.output().contains(TCG)
                && !r.output().contains("ALL PASS");
    }

    private static Result runOnce(String runSh, List<String> command, int timeoutSeconds)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(runSh, "--"));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putIfAbsent("VM_TIMEOUT", Integer.toString(timeoutSeconds));
        pb.environment().putIfAbsent("VM_CPUS", "1");
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                System.out.println(line);
                lines.add(line);
            }
        }
        return new Result(String.join("\n", lines), p.waitFor());
    }
}
