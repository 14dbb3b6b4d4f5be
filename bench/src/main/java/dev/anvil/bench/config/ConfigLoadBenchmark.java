package dev.anvil.bench.config;

import dev.anvil.machinery.config.ConfigEncoder;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.LoadResult;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.config.validate.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 5's figure: parse + validate time of a full control-plane config (a {@code talosctl gen config}-shaped
 * controlplane.yaml with PKI, every section and nine multi-documents). Validation includes parsing the four CA
 * certificates and checking their keys by signing (Ed25519, ECDSA, RSA), which dominates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConfigLoadBenchmark {

    private String controlPlane;
    private LoadResult loaded;

    @Setup
    public void setUp() throws IOException {
        try (InputStream in = ConfigLoadBenchmark.class.getResourceAsStream("/configs/controlplane.yaml")) {
            controlPlane = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        loaded = ConfigLoader.load(controlPlane, false);
        if (!loaded.ok()) {
            throw new IllegalStateException("benchmark config does not load: " + loaded.errors());
        }
    }

    @Benchmark
    public LoadResult parse() {
        return ConfigLoader.load(controlPlane, false);
    }

    @Benchmark
    public List<ConfigProblem> parseAndValidate() {
        return Validator.validate(ConfigLoader.load(controlPlane, false), ValidationMode.METAL, false);
    }

    @Benchmark
    public String encode() {
        return ConfigEncoder.encode(loaded.config());
    }
}
