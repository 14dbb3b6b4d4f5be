package dev.anvil.machinery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.config.validate.Validator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Damaged configs and patches: every one loads, validates and patches to problems, never to an exception. */
class FuzzTest {

    private static final String[] PIECES = {":", "-", " ", "  ", "\n", "[", "]", "{", "}", "&a ", "*a", "!!int ",
        "!!binary ", "\t", "'", "\"", "#", "? ", "0x", "~", ",", "|", ">", "%", "@", "$patch: delete", "null"};
    private static final String CP = Resources.config("controlplane.yaml");
    private static final String WORKER = Resources.config("worker.yaml");

    @Test
    void damagedConfig_neverThrows() {
        qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            String damaged = damage(seed % 2 == 0 ? CP : WORKER, new Random(seed));

            assertThatCode(() -> {
                LoadResult loaded = ConfigLoader.load(damaged, false);
                Validator.validate(loaded, ValidationMode.METAL, false);
                if (loaded.ok()) {
                    assertThat(ConfigLoader.load(ConfigEncoder.encode(loaded.config()), false).config())
                            .isEqualTo(loaded.config());
                }
            }).as(damaged).doesNotThrowAnyException();
        });
    }

    @Test
    void damagedPatch_neverThrows() {
        String patch = """
                machine:
                  network:
                    interfaces:
                      - interface: eth0
                        mtu: 9000
                        vlans: [{vlanId: 100, mtu: 1400}]
                  sysctls: {kernel.pid_max: "4194304"}
                cluster:
                  apiServer:
                    admissionControl: [{name: PodSecurity, $patch: delete}]
                ---
                apiVersion: v1alpha1
                kind: LinkConfig
                name: eth1
                $patch: delete
                """;
        String jsonPatch = "[{op: add, path: /machine/network/hostname, value: x}, {op: remove, path: /debug}]";

        qt().withExamples(150).forAll(longs().all()).checkAssert(seed -> {
            Random random = new Random(seed);
            String damaged = damage(seed % 2 == 0 ? patch : jsonPatch, random);

            assertThatCode(() -> ConfigPatcher.apply(seed % 2 == 0 ? CP : WORKER, List.of(damaged)))
                    .as(damaged).doesNotThrowAnyException();
        });
    }

    private static String damage(String text, Random random) {
        var out = new StringBuilder(text);
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, PIECES[random.nextInt(PIECES.length)]);
                default -> {
                    int end = Math.min(out.length(), at + random.nextInt(40));
                    out.delete(at, end);
                }
            }
        }
        return out.toString();
    }
}
