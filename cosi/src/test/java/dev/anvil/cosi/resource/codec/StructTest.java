package dev.anvil.cosi.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.Struct;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Struct components: google.protobuf.Struct on the wire, the object itself in YAML. */
class StructTest {
    record Pod(@ProtoField(1) Struct pod) implements Spec {
    }

    private static Struct sample() {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "kube-apiserver");
        container.put("command", List.of("/usr/local/bin/kube-apiserver", "--secure-port=6443"));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("hostNetwork", true);
        spec.put("priority", 2000001000);
        spec.put("ratio", 0.5);
        spec.put("nodeName", null);
        spec.put("containers", List.of(container));
        return Struct.of(Map.of("kind", "Pod", "spec", spec));
    }

    @Test
    void protobuf_roundTrips_andIsStructOnTheWire() {
        Pod pod = new Pod(sample());
        assertThat(ProtoSpecCodec.decode(ProtoSpecCodec.encode(pod), Pod.class)).isEqualTo(pod);
        // {fields: {"a": {bool_value: true}}} as protoc writes it, inside field 1 of the spec
        byte[] one = ProtoSpecCodec.encode(new Pod(Struct.of(Map.of("a", true))));
        assertThat(HexFormat.of().formatHex(one)).isEqualTo("0a090a070a0161120220" + "01");
    }

    @Test
    void yaml_isThePlainObject_withSortedKeys_andRoundTrips() {
        Pod pod = new Pod(sample());
        String yaml = ResourceYaml.encodeSpec(pod);
        assertThat(yaml).startsWith("pod:\n    kind: Pod\n    spec:\n        containers:\n")
                .contains("hostNetwork: true", "priority: 2000001000", "ratio: 0.5", "- --secure-port=6443");
        assertThat(ResourceYaml.decodeSpec(yaml, Pod.class)).isEqualTo(pod);
    }

    @Test
    void wholeNumbers_areLongs_whateverTheirJavaType() {
        assertThat(Struct.of(Map.of("n", 3.0)).fields().get("n")).isEqualTo(3L);
        assertThat(Struct.of(Map.of("n", 3)).fields().get("n")).isEqualTo(3L);
        assertThat(Struct.of(Map.of("n", 3.25)).fields().get("n")).isEqualTo(3.25);
    }
}
