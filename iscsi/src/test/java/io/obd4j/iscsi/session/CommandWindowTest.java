package io.obd4j.iscsi.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandWindowTest {

    @ParameterizedTest(name = "{0} < {1} = {2}")
    @CsvSource({"0,1,true", "1,0,false", "-1,0,true", "0,-1,false", "2147483647,-2147483648,true",
        "-2147483648,2147483647,false", "-10,10,true", "5,5,false", "100,-2147483549,true"})
    void serialArithmeticAcrossTheWrap(int a, int b, boolean less) {
        assertThat(SerialNumber.lessThan(a, b)).isEqualTo(less);
    }

    @Test
    void windowOpensOnlyAsCommandsFinishAndNeverShrinks() {
        CommandWindow w = new CommandWindow(-2, 4);
        assertThat(w.maxCmdSn()).isEqualTo(1);
        assertThat(w.position(-2)).isEqualTo(CommandWindow.Position.NEXT);
        assertThat(w.position(1)).isEqualTo(CommandWindow.Position.AHEAD);
        assertThat(w.position(2)).isEqualTo(CommandWindow.Position.OUTSIDE);
        assertThat(w.position(-3)).isEqualTo(CommandWindow.Position.OUTSIDE);
        int max = w.maxCmdSn();
        for (int i = 0; i < 4; i++) {
            w.advance(true);
            assertThat(w.maxCmdSn()).isEqualTo(max);
        }
        assertThat(w.expCmdSn()).isEqualTo(2);
        assertThat(w.position(2)).isEqualTo(CommandWindow.Position.OUTSIDE);
        w.release();
        assertThat(w.maxCmdSn()).isEqualTo(max + 1);
        assertThat(w.position(2)).isEqualTo(CommandWindow.Position.NEXT);
        w.advance(false);
        assertThat(w.maxCmdSn()).as("a command done at once (Text, NOP-Out) frees its CmdSN").isEqualTo(max + 2);
    }
}
