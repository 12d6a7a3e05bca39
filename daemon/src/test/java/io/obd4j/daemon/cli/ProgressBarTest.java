package io.obd4j.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obd4j.core.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarTest {
    @TempDir
    Path dir;

    @Test
    void rendersBarPercentSizesAndRate() {
        ProgressBar bar = new ProgressBar("commit", 10);
        assertThat(bar.render(0, 4L << 20, 0)).isEqualTo("commit [..........]   0%  0.0/4.0 MiB");
        assertThat(bar.render(1L << 20, 4L << 20, 1_000_000_000L))
                .isEqualTo("commit [##........]  25%  1.0/4.0 MiB  1.0 MiB/s");
        assertThat(bar.render(4L << 20, 4L << 20, 2_000_000_000L))
                .isEqualTo("commit [##########] 100%  4.0/4.0 MiB  2.0 MiB/s");
        assertThat(bar.render(5L << 20, 4L << 20, 0)).startsWith("commit [##########] 100%");
        assertThat(bar.render(3L << 20, 0, 0)).isEqualTo("commit [..........]  3.0 MiB");
        assertThatThrownBy(() -> new ProgressBar("x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quietWithoutATerminalAndShownWhenForced() {
        assertThat(Progress.isTerminal()).isFalse();
        Path src = Fixtures.layer("commit1.lsmt");
        Cli.Run quiet = Cli.run("zfile", src, dir.resolve("a.zfile"));
        assertThat(quiet.exit()).isZero();
        assertThat(quiet.err()).isEmpty();
        Cli.Run shown = Cli.run("zfile", "--progress", src, dir.resolve("b.zfile"));
        assertThat(shown.exit()).isZero();
        assertThat(shown.err()).startsWith("\rzfile [").contains("100%").endsWith("\n");
        Cli.Run off = Cli.run("zfile", "--no-progress", "-x", dir.resolve("b.zfile"), dir.resolve("b.x"));
        assertThat(off.err()).isEmpty();
    }

    @Test
    void byteSizesAcceptUnitsAndBareGib() {
        assertThat(ByteSize.parse("64M")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("10GiB")).isEqualTo(10L << 30);
        assertThat(ByteSize.parse("1T")).isEqualTo(1L << 40);
        assertThat(ByteSize.parse("4096B")).isEqualTo(4096);
        assertThat(ByteSize.parse("4k")).isEqualTo(4096);
        assertThat(ByteSize.parse("3")).isEqualTo(3L << 30);
        assertThatThrownBy(() -> ByteSize.parse("100B")).hasMessageContaining("not a multiple of 512");
        assertThatThrownBy(() -> ByteSize.parse("0")).hasMessageContaining("between");
        assertThatThrownBy(() -> ByteSize.parse("G")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> ByteSize.parse("99999999999T")).hasMessageContaining("between");
    }
}
