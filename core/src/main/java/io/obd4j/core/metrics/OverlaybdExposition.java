package io.obd4j.core.metrics;

import java.util.List;
import java.util.Locale;

/**
 * overlaybd's exporter body, byte for byte ({@code exporter_handler.h} + {@code textexporter.h}, spec §9.2):
 * {@code OverlayBD_Alive}, then Read_Throughtput (sic), QPS, MaxLatency and Count for each meter, the meter's tag
 * in the {@code node} label with {@code type}/{@code mode} empty, values as {@code %f}, two spaces before the value,
 * a millisecond timestamp, and a blank line after each block. The HELP lines of Alive and QPS end in a space.
 */
public final class OverlaybdExposition {
    private OverlaybdExposition() {
    }

    public static void write(String node, List<ReadMeter> meters, long timestampMillis, StringBuilder out) {
        String ts = " " + timestampMillis + "\n";
        out.append("# HELP OverlayBD_Alive \n# TYPE OverlayBD_Alive gauge\n")
                .append("OverlayBD_Alive{node=\"").append(node).append("\"}  ").append(f(1)).append(ts).append('\n');
        if (meters.isEmpty()) {
            return;
        }
        out.append("# HELP OverlayBD_Read_Throughtput Bytes / sec\n# TYPE OverlayBD_Read_Throughtput gauge\n");
        for (ReadMeter m : meters) {
            out.append("OverlayBD_Read_Throughtput{node=\"").append(m.tag()).append("\",type=\"\",mode=\"\"}  ")
                    .append(f(m.throughput())).append(ts);
        }
        out.append("\n# HELP OverlayBD_QPS \n# TYPE OverlayBD_QPS gauge\n");
        for (ReadMeter m : meters) {
            out.append("OverlayBD_QPS{node=\"").append(m.tag()).append("\",type=\"\",mode=\"\"}  ")
                    .append(f(m.qps())).append(ts);
        }
        out.append("\n# HELP OverlayBD_MaxLatency us\n# TYPE OverlayBD_MaxLatency gauge\n");
        for (ReadMeter m : meters) {
            out.append("OverlayBD_MaxLatency{node=\"").append(m.tag()).append("\",type=\"\",mode=\"\"}  ")
                    .append(f(m.maxLatencyMicros())).append(ts);
        }
        out.append("\n# HELP OverlayBD_Count Bytes\n# TYPE OverlayBD_Count gauge\n");
        for (ReadMeter m : meters) {
            out.append("OverlayBD_Count{node=\"").append(m.tag()).append("\",type=\"\"}  ")
                    .append(f(m.totalBytes())).append(ts);
        }
        out.append('\n');
    }

    /** C++ {@code std::to_string(double)}: {@code %f}, six decimals. */
    static String f(double v) {
        return String.format(Locale.ROOT, "%f", v);
    }
}
