/**
 * A tiny dependency-free metrics registry (counters and gauges with labels), overlaybd's read meters
 * (QPS, throughput, max latency, byte count per {@code pread}/{@code download} tag) and the Prometheus text
 * exposition: overlaybd's block byte-exact, then obd4j's own metrics. No HTTP server here: the daemon serves the text.
 */
package io.obd4j.core.metrics;
