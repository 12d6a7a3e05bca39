/**
 * JMH benchmarks of the layers below (results and commands in docs/benchmarks*.md). Knows everything, is used by
 * nothing. Benchmarks that need real peers (the registry) start them on loopback and stop them in their tear-down.
 */
package io.obd4j.bench;
