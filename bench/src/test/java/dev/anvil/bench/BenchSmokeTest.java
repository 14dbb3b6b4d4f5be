package dev.anvil.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/** One short iteration of every benchmark, so CI notices a benchmark that no longer runs. Figures come from scripts/bench. */
class BenchSmokeTest {

    @Test
    void everyJmhBenchmarkRunsOnce() throws Exception {
        // a full scripts/bench run may hold JMH's machine-wide lock; this smoke does not measure anything
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("dev\\.anvil\\.bench\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .build()).run();
        assertThat(results).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }
}
