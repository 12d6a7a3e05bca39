/**
 * JMH benchmarks of the layers below (results and commands in docs/benchmarks*.md). Knows everything, is used by
 * nothing.
 */
package io.obd4j.bench;
