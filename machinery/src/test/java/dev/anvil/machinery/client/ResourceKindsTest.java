package dev.anvil.machinery.client;

import com.google.protobuf.ByteString;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.cosi.state.registry.MetaRegistry;
import dev.anvil.machinery.resources.RawSpec;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.resources.runtime.ServiceResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceKindsTest {
    private final InMemoryState state = new InMemoryState();

    ResourceKindsTest() {
        MetaRegistry.registerDefaults(state);
        MetaRegistry.registerType(state, ServiceResource.DEFINITION);
        MetaRegistry.registerType(state, MachineStatus.DEFINITION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"svc", "Service", "services", "SERVICES.v1alpha1", "services.v1alpha1.talos.dev",
            "Services.v1alpha1.talos.dev"})
    void resolve_byAnyNameIgnoringCase(String name) {
        assertThat(ResourceKinds.resolve(state, name).type()).isEqualTo(ServiceResource.TYPE);
    }

    @Test
    void resolve_metaTypes() {
        assertThat(ResourceKinds.resolve(state, "rd").type()).isEqualTo(ResourceDefinitionSpec.TYPE);
        assertThat(ResourceKinds.resolve(state, "ns").defaultNamespace()).isEqualTo("meta");
        assertThat(ResourceKinds.resolve(state, "ms").type()).isEqualTo(MachineStatus.TYPE);
    }

    @Test
    void resolve_unknownOrAmbiguous_saysSo() {
        assertThatThrownBy(() -> ResourceKinds.resolve(state, "nope"))
                .hasMessageStartingWith("resource \"nope\" is not registered");
        MetaRegistry.registerType(state, ResourceDefinition.of("Services.other.dev", "other"));
        assertThat(ResourceKinds.resolve(state, "svc").type()).isEqualTo(ServiceResource.TYPE);
        assertThatThrownBy(() -> ResourceKinds.resolve(state, "service"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("resource type \"service\" is ambiguous: [")
                .hasMessageContaining("services.other.dev").hasMessageContaining("services.v1alpha1.talos.dev");
    }

    @Test
    void definitions_keptRaw_areDecoded() {
        var spec = ServiceResource.DEFINITION.spec();
        var raw = new InMemoryState();
        raw.create(Resource.of(ResourceDefinitionSpec.pointer(spec.type()), new RawSpec(
                ByteString.copyFrom(ProtoSpecCodec.encode(spec)), ResourceYaml.encodeSpec(spec))), "meta");
        assertThat(ResourceKinds.definitions(raw)).containsExactly(spec);
    }
}
