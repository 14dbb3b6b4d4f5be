package dev.anvil.machinery.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.config.validate.Validator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-written configs, good and bad: each loads or fails with clear problems; none throws. */
class CorpusTest {

    static Stream<Path> valid() throws IOException, URISyntaxException {
        return files("valid");
    }

    static Stream<Path> invalid() throws IOException, URISyntaxException {
        return files("invalid");
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validFile_loadsAndRoundTrips(Path file) throws IOException {
        LoadResult loaded = ConfigLoader.load(Files.readString(file), false);

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().documents()).isNotEmpty();
        assertThat(ConfigLoader.load(ConfigEncoder.encode(loaded.config()), false).config())
                .isEqualTo(loaded.config());
        for (ValidationMode mode : ValidationMode.values()) {
            assertThat(Validator.validate(loaded, mode, true)).allSatisfy(CorpusTest::isClear);
        }
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidFile_failsWithProblemsThatNameALine(Path file) throws IOException {
        LoadResult loaded = ConfigLoader.load(Files.readString(file), false);

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.errors()).allSatisfy(CorpusTest::isClear)
                .allSatisfy(p -> assertThat(p.line()).as(p.toString()).isPositive());
    }

    @Test
    void wrongTypes_areAllReportedInOnePass() throws IOException, URISyntaxException {
        LoadResult loaded = ConfigLoader.load(Files.readString(dir("invalid").resolve("wrong-types.yaml")), false);

        assertThat(loaded.errors()).extracting(ConfigProblem::yamlPath).containsExactly("debug", "machine.type",
                "machine.certSANs", "machine.sysctls", "machine.network.interfaces[0].mtu",
                "machine.network.interfaces[0].vlans[0].vlanId", "machine.features.kubePrism.port",
                "cluster.controlPlane");
    }

    @Test
    void hugeConfig_loads() {
        var yaml = new StringBuilder("version: v1alpha1\nmachine:\n  type: worker\n  network:\n    interfaces:\n");
        for (int i = 0; i < 20_000; i++) {
            yaml.append("      - interface: eth").append(i).append("\n        addresses: [10.").append(i / 65536)
                    .append('.').append(i / 256 % 256).append('.').append(i % 256).append("/32]\n");
        }

        LoadResult loaded = ConfigLoader.load(yaml.toString(), false);

        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.config().v1alpha1().orElseThrow().machine().network().interfaces()).hasSize(20_000);
    }

    @Test
    void oversizedInput_isRefusedWithAnError() {
        String yaml = "version: v1alpha1\ndebug: false\n# " + "x".repeat(9 * 1024 * 1024) + "\n";

        assertThat(ConfigLoader.load(yaml, false).errors()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("larger than"));
    }

    @Test
    void deeplyNestedUnstructuredYaml_isAnErrorNotACrash() {
        String nested = "[".repeat(500) + "]".repeat(500);
        String veryNested = "[".repeat(200_000) + "]".repeat(200_000);

        assertThat(ConfigLoader.load("version: v1alpha1\nmachine:\n  pods: [" + nested + "]\n", false).errors())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("nested deeper"));
        assertThat(ConfigLoader.load("version: v1alpha1\nmachine:\n  pods: [" + veryNested + "]\n", false).ok())
                .isFalse();
    }

    private static void isClear(ConfigProblem problem) {
        assertThat(problem.document()).isNotBlank();
        assertThat(problem.message()).isNotBlank().doesNotContain("Exception");
    }

    private static Stream<Path> files(String kind) throws IOException, URISyntaxException {
        try (Stream<Path> list = Files.list(dir(kind))) {
            return list.sorted().toList().stream();
        }
    }

    private static Path dir(String kind) throws URISyntaxException {
        return Path.of(CorpusTest.class.getResource("/corpus/" + kind).toURI());
    }
}
