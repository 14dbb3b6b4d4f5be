/** Benchmarks: JMH micro-benchmarks and scenarios that print figures. Run them with {@code scripts/bench}. */
package dev.anvil.bench;
