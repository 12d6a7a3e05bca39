/**
 * The daemon's HTTP endpoints on Netty: a small router with JSON 4xx errors, the API (overlaybd's live-snapshot call,
 * health, device routes) and the Prometheus exporter. Handlers run on a blocking executor, never on the event loop.
 * Knows the image service interface and the metrics text; nothing about formats or front ends.
 */
package io.obd4j.daemon.api;
