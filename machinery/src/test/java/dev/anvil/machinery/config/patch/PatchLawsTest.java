package dev.anvil.machinery.config.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigEncoder;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.RandomModel;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.schema.NodeDecoder;
import dev.anvil.machinery.config.schema.Problems;
import dev.anvil.machinery.config.schema.Unstructured;
import dev.anvil.machinery.config.schema.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Laws of patching, checked on random configs and patches built from the model. */
class PatchLawsTest {

    @Test
    void mergingAValidDocument_alwaysGivesAConfigThatLoads() {
        qt().withExamples(150).forAll(longs().all(), longs().all()).checkAssert((base, patch) -> {
            PatchResult result = ConfigPatcher.apply(config(base, true), List.of(config(patch, true)));

            assertThat(result.problems()).filteredOn(ConfigProblem::isError).isEmpty();
        });
    }

    @Test
    void mergeWithoutLists_isIdempotent() {
        qt().withExamples(150).forAll(longs().all(), longs().all()).checkAssert((base, seed) -> {
            String patch = config(seed, false);
            String once = ConfigPatcher.apply(config(base, true), List.of(patch)).yaml();
            String twice = ConfigPatcher.apply(config(base, true), List.of(patch, patch)).yaml();

            assertThat(twice).isEqualTo(once);
        });
    }

    @Test
    void emptyPatch_isIdentity() {
        qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> {
            String config = config(seed, true);

            assertThat(bundle(ConfigPatcher.apply(config, List.of("version: v1alpha1\n")).yaml()))
                    .isEqualTo(bundle(config));
        });
    }

    @Test
    void jsonRemoveThenAddOfTheSameValue_isIdentity_forEveryPointer() {
        qt().withExamples(150).forAll(longs().all(), integers().between(0, 10_000)).checkAssert((seed, pick) -> {
            String config = config(seed, true);
            List<String> pointers = new ArrayList<>();
            pointers(plain(config), "", pointers);
            String pointer = pointers.get(pick % pointers.size());

            Object value = valueAt(plain(config), pointer);
            String roundTrip = "[{\"op\": \"remove\", \"path\": " + json(pointer) + "},"
                    + " {\"op\": \"add\", \"path\": " + json(pointer) + ", \"value\": " + json(value) + "},"
                    + " {\"op\": \"test\", \"path\": " + json(pointer) + ", \"value\": " + json(value) + "}]";

            PatchResult result = ConfigPatcher.apply(config, List.of(roundTrip));
            assertThat(result.ok()).as(roundTrip).isTrue();
            assertThat(bundle(result.yaml())).isEqualTo(bundle(config));
        });
    }

    @Test
    void strategicAndJsonPatch_agreeOnScalars_andEmptyStringsDoNotOverwrite() {
        qt().withExamples(100).forAll(longs().all(), strings().basicLatinAlphabet().ofLengthBetween(0, 20))
                .checkAssert((seed, hostname) -> {
                    String config = config(seed, true);
                    String quoted = json(hostname);

                    var merged = bundle(ConfigPatcher.apply(config,
                            List.of("machine: {network: {hostname: " + quoted + "}}")).yaml());

                    String old = hostnameOf(config);
                    // an empty string is Go's zero value: it keeps an old hostname and means "unset" without one
                    assertThat(merged.v1alpha1().orElseThrow().machine().network().hostname())
                            .isEqualTo(hostname.isEmpty() ? (old == null ? "" : old) : hostname);
                    if (!hostname.isEmpty() && bundle(config).v1alpha1().orElseThrow().machine().network() != null) {
                        var json = ConfigPatcher.apply(config, List.of(
                                "[{op: add, path: /machine/network/hostname, value: " + quoted + "}]"));
                        assertThat(bundle(json.yaml())).isEqualTo(merged);
                    }
                });
    }

    @Test
    void deletingAKey_removesIt() {
        qt().withExamples(100).forAll(longs().all()).checkAssert(seed -> {
            String config = config(seed, true);

            var result = ConfigPatcher.apply(config, List.of("machine:\n  network:\n    $patch: delete\n"));

            assertThat(bundle(result.yaml()).v1alpha1().orElseThrow().machine().network()).isNull();
        });
    }

    /** A random single-document v1alpha1 config that loads. */
    private static String config(long seed, boolean lists) {
        V1Alpha1 random = new RandomModel(seed, lists).record(V1Alpha1.class);
        var machine = random.machine();
        for (long next = seed + 1; machine == null; next++) {
            machine = new RandomModel(next, lists).record(V1Alpha1.class).machine();
        }
        var v1 = new V1Alpha1("v1alpha1", random.debug(), random.persist(), machine, random.cluster());
        return ConfigEncoder.encode(new ConfigBundle(List.of(v1)));
    }

    private static String hostnameOf(String config) {
        var network = bundle(config).v1alpha1().orElseThrow().machine().network();
        return network == null ? null : network.hostname();
    }

    private static ConfigBundle bundle(String yaml) {
        var loaded = ConfigLoader.load(yaml, false);
        assertThat(loaded.errors()).isEmpty();
        return loaded.config();
    }

    private static Object plain(String yaml) {
        var node = Yaml.composeAll(yaml).getFirst();
        return ((Unstructured) new NodeDecoder(new Problems(false)).decode(node, Unstructured.class, "")).value();
    }

    private static void pointers(Object value, String prefix, List<String> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String pointer = prefix + "/" + k.toString().replace("~", "~0").replace("/", "~1");
                out.add(pointer);
                pointers(v, pointer, out);
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                out.add(prefix + "/" + i);
                pointers(list.get(i), prefix + "/" + i, out);
            }
        }
    }

    private static Object valueAt(Object root, String pointer) {
        Object current = root;
        for (String token : JsonPatch.tokens(pointer)) {
            current = current instanceof Map<?, ?> m ? m.get(token) : ((List<?>) current).get(Integer.parseInt(token));
        }
        return current;
    }

    /** JSON text of a plain value (JSON is YAML, so the patch loader reads it). */
    private static String json(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> {
                var out = new StringBuilder("\"");
                for (char c : s.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                yield out.append('"').toString();
            }
            case Map<?, ?> map -> {
                List<String> entries = new ArrayList<>();
                map.forEach((k, v) -> entries.add(json(String.valueOf(k)) + ": " + json(v)));
                yield "{" + String.join(", ", entries) + "}";
            }
            case List<?> list -> "[" + String.join(", ", list.stream().map(PatchLawsTest::json).toList()) + "]";
            case Double d when d.isNaN() || d.isInfinite() -> d.isNaN() ? ".nan" : d > 0 ? ".inf" : "-.inf";
            default -> value.toString();
        };
    }
}
