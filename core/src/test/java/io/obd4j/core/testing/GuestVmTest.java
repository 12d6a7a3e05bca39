package io.obd4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuestVmTest {
    private static final String CRASH = """
            [vm] WARNING: /dev/kvm is PVM (kvm_pvm), which runs only PVM-built guest kernels; falling back to TCG
            #
            # A fatal error has been detected by the Java Runtime Environment:
            #
            #  SIGSEGV (0xb) at pc=0x00007f49a1677960, pid=179, tid=180
            Aborted
            [vm] tcg: boot 4.6s, command 13.1s, total 21.3s, exit 134""";

    @Test
    void aGuestJvmFatalErrorUnderTcgIsAnEmulatorCrash() {
        assertThat(GuestVm.emulatorCrash(new GuestVm.Result(CRASH, 134))).isTrue();
    }

    @Test
    void failedChecksAndKvmRunsAreNot() {
        assertThat(GuestVm.emulatorCrash(new GuestVm.Result("ok - a\nnot ok - b\n1 FAILED\n[vm] tcg: exit 1", 1)))
                .isFalse();
        assertThat(GuestVm.emulatorCrash(new GuestVm.Result(CRASH.replace("[vm] tcg:", "[vm] kvm:"), 134))).isFalse();
        assertThat(GuestVm.emulatorCrash(new GuestVm.Result(CRASH, 0))).isFalse();
    }
}
