/**
 * The COSI controller runtime: controllers declare what they read ({@link dev.anvil.cosi.runtime.Input}) and write
 * ({@link dev.anvil.cosi.runtime.Output}), and {@link dev.anvil.cosi.runtime.ControllerRuntime} runs them whenever
 * their inputs change.
 *
 * <p>Map: {@code Controller} (full reconcile, driven by {@code ControllerRunner} and a capacity-one latch) and
 * {@code QController} (keyed work items, driven by {@code QControllerRunner} over {@code KeyedDelayQueue}); the
 * {@code TriggerPipeline} turns state watches into triggers; {@code ControllerAccess} checks and owner-stamps every
 * state call of a controller; {@code DependencyDatabase} enforces the output rules and exports the
 * {@code DependencyGraph}; {@code RuntimeMetrics} is the read side of the per-controller counters;
 * {@code TokenBucket} enforces {@code ChangeRateLimit}. Generic controllers live in subpackages ({@code transform}:
 * transform and queue transform; {@code cleanup}: destroy and cleanup).
 */
package dev.anvil.cosi.runtime;
