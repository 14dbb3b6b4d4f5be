package dev.anvil.cosi.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.Struct;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records whose YAML is their one component's value, as Go's MarshalYAML returning a field prints them. */
class YamlInlineTest {
    record Object1(@ProtoField(1) @YamlInline Struct object) {
    }

    record Objects(@ProtoField(1) @YamlInline List<Object1> items) implements Spec {
    }

    record Pod(@ProtoField(1) @YamlInline Struct pod) implements Spec {
    }

    record TwoInline(@ProtoField(1) @YamlInline String a, @ProtoField(2) String b) implements Spec {
    }

    @Test
    void spec_isTheComponentsValue_andReadsBack() {
        Pod pod = new Pod(Struct.of(Map.of("kind", "Pod", "apiVersion", "v1")));

        String yaml = ResourceYaml.encodeSpec(pod);

        assertThat(yaml).isEqualTo("apiVersion: v1\nkind: Pod\n");
        assertThat(ResourceYaml.decodeSpec(yaml, Pod.class)).isEqualTo(pod);
    }

    @Test
    void listOfInlineRecords_isASequenceOfTheirValues() {
        Objects objects = new Objects(List.of(new Object1(Struct.of(Map.of("kind", "Namespace"))),
                new Object1(Struct.of(Map.of("kind", "Secret")))));

        String yaml = ResourceYaml.encodeSpec(objects);

        // this codec's block style: sequences indented under their parent, as every spec list prints
        assertThat(yaml).isEqualTo("    -   kind: Namespace\n    -   kind: Secret\n");
        assertThat(ResourceYaml.decodeSpec(yaml, Objects.class)).isEqualTo(objects);
        assertThat(ProtoSpecCodec.decode(ProtoSpecCodec.encode(objects), Objects.class)).isEqualTo(objects);
    }

    @Test
    void inlineOnARecordOfTwoComponents_isRefused() {
        assertThatThrownBy(() -> ResourceYaml.encodeSpec(new TwoInline("a", "b")))
                .hasMessageContaining("@YamlInline needs a record of one component");
    }
}
