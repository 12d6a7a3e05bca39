package io.obd4j.daemon.api;

import io.obd4j.core.metrics.Obd4jMetrics;
import io.obd4j.core.metrics.TextExposition;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The Prometheus exporter: {@code GET <uriPrefix>} answers overlaybd's metrics text plus obd4j's. */
public final class MetricsRoutes {
    private final Obd4jMetrics metrics;
    private final String uriPrefix;
    private final String node;
    private final Runnable beforeScrape;

    public MetricsRoutes(Obd4jMetrics metrics, String uriPrefix) {
        this(metrics, uriPrefix, () -> { });
    }

    /** {@code beforeScrape} brings gauges sampled from elsewhere (sessions, caches, devices) up to date. */
    public MetricsRoutes(Obd4jMetrics metrics, String uriPrefix, Runnable beforeScrape) {
        this.metrics = metrics;
        this.uriPrefix = uriPrefix;
        this.node = hostname();
        this.beforeScrape = beforeScrape;
    }

    public Router router() {
        return new Router().route("GET", uriPrefix, c -> {
            beforeScrape.run();
            return HttpReply.text(200, TextExposition.CONTENT_TYPE, metrics.render(node, System.currentTimeMillis()));
        });
    }

    /** gethostname(2), as overlaybd labels {@code OverlayBD_Alive}; "unknown" when it cannot be read. */
    static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
