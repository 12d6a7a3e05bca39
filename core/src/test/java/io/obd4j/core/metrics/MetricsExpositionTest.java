package io.obd4j.core.metrics;

import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsExpositionTest {
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);

    @Test
    void overlaybdBlockIsByteExact() {
        ReadMeter pread = new ReadMeter("pread", clock::get);
        ReadMeter download = new ReadMeter("download", clock::get);
        long t = pread.start();
        clock.addAndGet(250);
        pread.record(t, 4096);
        pread.record(pread.start(), 8192);
        download.record(download.start(), -5);
        StringBuilder sb = new StringBuilder();
        OverlaybdExposition.write("node-1", List.of(pread, download), 1700000000123L, sb);
        assertThat(sb.toString()).isEqualTo(""
                + "# HELP OverlayBD_Alive \n"
                + "# TYPE OverlayBD_Alive gauge\n"
                + "OverlayBD_Alive{node=\"node-1\"}  1.000000 1700000000123\n"
                + "\n"
                + "# HELP OverlayBD_Read_Throughtput Bytes / sec\n"
                + "# TYPE OverlayBD_Read_Throughtput gauge\n"
                + "OverlayBD_Read_Throughtput{node=\"pread\",type=\"\",mode=\"\"}  12288.000000 1700000000123\n"
                + "OverlayBD_Read_Throughtput{node=\"download\",type=\"\",mode=\"\"}  0.000000 1700000000123\n"
                + "\n"
                + "# HELP OverlayBD_QPS \n"
                + "# TYPE OverlayBD_QPS gauge\n"
                + "OverlayBD_QPS{node=\"pread\",type=\"\",mode=\"\"}  2.000000 1700000000123\n"
                + "OverlayBD_QPS{node=\"download\",type=\"\",mode=\"\"}  1.000000 1700000000123\n"
                + "\n"
                + "# HELP OverlayBD_MaxLatency us\n"
                + "# TYPE OverlayBD_MaxLatency gauge\n"
                + "OverlayBD_MaxLatency{node=\"pread\",type=\"\",mode=\"\"}  250.000000 1700000000123\n"
                + "OverlayBD_MaxLatency{node=\"download\",type=\"\",mode=\"\"}  0.000000 1700000000123\n"
                + "\n"
                + "# HELP OverlayBD_Count Bytes\n"
                + "# TYPE OverlayBD_Count gauge\n"
                + "OverlayBD_Count{node=\"pread\",type=\"\"}  12288.000000 1700000000123\n"
                + "OverlayBD_Count{node=\"download\",type=\"\"}  0.000000 1700000000123\n"
                + "\n");
    }

    @Test
    void qpsSumsWithinTheWindowAndDecaysToZeroOnceAWindowHasPassed() {
        // photon subtracts counter * elapsed / window, which is the whole count as soon as elapsed > window.
        QpsCounter q = new QpsCounter(clock::get);
        q.put(1000);
        clock.addAndGet(999_999);
        q.put(1);
        assertThat(q.value()).isEqualTo(1001);
        clock.addAndGet(1_000_001);
        assertThat(q.value()).isZero();
        q.put(5);
        clock.addAndGet(2_000_000);
        assertThat(q.value()).isZero();
    }

    @Test
    void maxLatencyKeepsThePreviousIntervalThenForgets() {
        IntervalMaxCounter m = new IntervalMaxCounter(clock::get);
        m.put(900);
        clock.addAndGet(5_000_001);
        m.put(10);
        assertThat(m.value()).isEqualTo(900);
        clock.addAndGet(5_000_001);
        assertThat(m.value()).isEqualTo(10);
        clock.addAndGet(10_000_000);
        assertThat(m.value()).isZero();
    }

    @Test
    void fullRenderParsesWithAPrometheusParserAndCarriesTheValues() {
        Obd4jMetrics m = new Obd4jMetrics();
        m.pread().record(m.pread().start(), 65536);
        m.cacheHits().labels("file").add(7);
        m.cacheMisses().labels("file").inc();
        m.bytesFetched().labels("range").add(1 << 20);
        m.downloadProgress().labels("sha256:ab").set(0.25);
        m.iscsiSessions().labels().set(2);
        m.hungIo().labels("dev_42").set(1);
        m.devices().labels("tcmu").set(3);
        m.prefetchRanges().labels("trace").add(4);
        m.prefetchBytes().labels("trace").add(16384);
        String text = m.render("host-a", 1L);
        List<MetricFamily> families = PrometheusText.parse(text);
        assertThat(families).extracting(MetricFamily::getName).containsExactly("OverlayBD_Alive",
                "OverlayBD_Read_Throughtput", "OverlayBD_QPS", "OverlayBD_MaxLatency", "OverlayBD_Count",
                "obd4j_cache_hits_total", "obd4j_cache_misses_total", "obd4j_registry_bytes_fetched_total",
                "obd4j_background_download_progress_ratio", "obd4j_iscsi_sessions", "obd4j_hung_io",
                "obd4j_devices", "obd4j_prefetch_ranges_total", "obd4j_prefetch_bytes_total");
        assertThat(families.get(5).getType()).isEqualTo(MetricType.COUNTER);
        assertThat(families.get(0).getHelp()).isEmpty();
        assertThat(PrometheusText.values(text))
                .containsEntry("OverlayBD_Alive{node=host-a}", 1.0)
                .containsEntry("OverlayBD_Count{node=pread, type=}", 65536.0)
                .containsEntry("obd4j_cache_hits_total{cache=file}", 7.0)
                .containsEntry("obd4j_registry_bytes_fetched_total{kind=range}", 1048576.0)
                .containsEntry("obd4j_background_download_progress_ratio{digest=sha256:ab}", 0.25)
                .containsEntry("obd4j_iscsi_sessions{}", 2.0)
                .containsEntry("obd4j_hung_io{device=dev_42}", 1.0)
                .containsEntry("obd4j_prefetch_bytes_total{mode=trace}", 16384.0);
    }

    @Test
    void labelValuesAreEscapedAndParseBack() {
        Metrics reg = new Metrics();
        reg.gauge("g", "help with \\ and\nnewline", "path").labels("a\"b\\c\nd").set(1.5);
        reg.gauge("fn", "supplied", () -> 42);
        StringBuilder sb = new StringBuilder();
        TextExposition.write(reg, sb);
        assertThat(sb.toString()).isEqualTo("# HELP g help with \\\\ and\\nnewline\n# TYPE g gauge\n"
                + "g{path=\"a\\\"b\\\\c\\nd\"} 1.5\n# HELP fn supplied\n# TYPE fn gauge\nfn 42\n");
        assertThat(PrometheusText.values(sb.toString())).containsEntry("fn{}", 42.0);
    }

    @Test
    void theParserCheckCatchesMalformedLines() {
        assertThatThrownBy(() -> PrometheusText.values("m{a=\"b\" 1\n")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> PrometheusText.values("m abc\n")).isInstanceOf(AssertionError.class);
    }

    @Test
    void registryRejectsBadNamesDuplicatesWrongLabelCountsAndNegativeCounts() {
        Metrics reg = new Metrics();
        Counter c = reg.counter("ok_total", "h", "a");
        assertThatThrownBy(() -> reg.counter("ok_total", "h")).hasMessageContaining("already registered");
        assertThatThrownBy(() -> reg.counter("1bad", "h")).hasMessageContaining("invalid metric name");
        assertThatThrownBy(() -> reg.counter("x", "h", "__reserved")).hasMessageContaining("invalid label name");
        assertThatThrownBy(() -> c.labels()).hasMessageContaining("has labels [a], got 0 values");
        assertThatThrownBy(() -> c.labels("v").add(-1)).hasMessageContaining("only go up");
    }
}
