package dev.anvil.machinery.resources;

import com.google.protobuf.ByteString;
import dev.anvil.api.cosi.resource.meta.NamespaceSpec;
import dev.anvil.api.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.meta.ResourceDefinition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The meta specs as the COSI specification's generated messages read and write them. */
class MetaSpecsWireTest {

    @Test
    void resourceDefinition_readsAsTheGeneratedMessage() throws Exception {
        var ours = ResourceDefinition.of("Tests.cosi.dev", "default").withAliases("tst")
                .withPrintColumn("name", "{.name}").asSensitive().spec();
        var theirs = ResourceDefinitionSpec.parseFrom(ProtoSpecCodec.encode(ours));
        assertThat(theirs.getResourceType()).isEqualTo("Tests.cosi.dev");
        assertThat(theirs.getDisplayType()).isEqualTo("Test");
        assertThat(theirs.getDefaultNamespace()).isEqualTo("default");
        assertThat(theirs.getAliasesList()).containsExactly("tst", "test");
        assertThat(theirs.getAllAliasesList()).containsExactly("tests", "tests.cosi", "tst", "test");
        assertThat(theirs.getPrintColumns(0).getJsonPath()).isEqualTo("{.name}");
        assertThat(theirs.getSensitivity()).isEqualTo(ResourceDefinitionSpec.Sensitivity.SENSITIVE);

        var plain = theirs.toBuilder().setSensitivity(ResourceDefinitionSpec.Sensitivity.NON_SENSITIVE).build();
        var decoded = (dev.anvil.cosi.resource.meta.ResourceDefinitionSpec) ResourceTypes.meta()
                .decode(dev.anvil.cosi.resource.meta.ResourceDefinitionSpec.TYPE, plain.toByteString(), "");
        assertThat(decoded.sensitive()).isFalse();
        assertThat(decoded.aliases()).containsExactly("tst", "test");
    }

    @Test
    void namespace_readsAsTheGeneratedMessage() throws Exception {
        byte[] wire = ProtoSpecCodec.encode(new dev.anvil.cosi.resource.meta.NamespaceSpec("Networking resources."));
        assertThat(NamespaceSpec.parseFrom(wire).getDescription()).isEqualTo("Networking resources.");
        assertThat(ResourceTypes.meta().decode(dev.anvil.cosi.resource.meta.NamespaceSpec.TYPE,
                ByteString.copyFrom(wire), "")).isEqualTo(
                new dev.anvil.cosi.resource.meta.NamespaceSpec("Networking resources."));
        assertThat(ResourceTypes.meta().definitions()).hasSize(2);
    }
}
