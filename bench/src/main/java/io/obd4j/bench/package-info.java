/**
 * JMH benchmarks. Each benchmark starts the real peers it needs itself (loopback only) and stops them in its
 * tear-down; results and exact commands are recorded in docs/benchmarks-*.md.
 */
package io.obd4j.bench;
