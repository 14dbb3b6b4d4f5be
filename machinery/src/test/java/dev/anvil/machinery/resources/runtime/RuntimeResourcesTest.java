package dev.anvil.machinery.resources.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.machinery.resources.RawSpec;
import dev.anvil.machinery.resources.ResourceTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeResourcesTest {

    @Test
    void machineStatus_travelsAsTalosWritesIt() {
        MachineStatus status = new MachineStatus(MachineStatus.Stage.RUNNING, new MachineStatus.Status(false,
                List.of(new MachineStatus.UnmetCondition("services", "service etcd is not healthy"))));
        byte[] wire = ProtoSpecCodec.encode(status);
        // field 1 (stage) = 4 as a varint: tag 0x08, value 0x04
        assertThat(wire[0]).isEqualTo((byte) 0x08);
        assertThat(wire[1]).isEqualTo((byte) 0x04);
        ResourceTypes types = RuntimeResources.register(ResourceTypes.none());
        assertThat(types.decode(MachineStatus.TYPE, ByteString.copyFrom(wire), "")).isEqualTo(status);
        assertThat(ResourceYaml.encodeSpec(status)).contains("stage: running").contains("ready: false")
                .contains("unmetConditions:").contains("reason: service etcd is not healthy");
    }

    @Test
    void serviceAndConfig_roundTrip() {
        ResourceTypes types = RuntimeResources.register(ResourceTypes.none());
        ServiceResource service = new ServiceResource(true, false, true);
        assertThat(types.decode(ServiceResource.TYPE, ByteString.copyFrom(ProtoSpecCodec.encode(service)), ""))
                .isEqualTo(service);
        Resource<MachineConfig> config = Resource.of(MachineConfig.ACTIVE, new MachineConfig("version: v1alpha1\n"));
        assertThat(ResourceYaml.decode(ResourceYaml.encode(config), MachineConfig.class).spec())
                .isEqualTo(config.spec());
    }

    @Test
    void machineConfig_travelsAsTalosWritesIt_andReadsAsEveryTalosSentIt() {
        String text = "version: v1alpha1\nmachine:\n    type: worker\n---\napiVersion: v1alpha1\n"
                + "kind: HostnameConfig\nhostname: one\n";
        Resource<MachineConfig> published = MachineConfig.resource(MachineConfig.ACTIVE, text);
        assertThat(published.metadata().annotations()).containsEntry(MachineConfig.YAML_SPEC, "1");
        ByteString proto = ByteString.copyFrom(ProtoSpecCodec.encode(published.spec()));
        // MachineConfigSpec{yaml_marshalled = 1}: tag 0x0a, then the length and the text
        assertThat(proto.byteAt(0)).isEqualTo((byte) 0x0a);
        assertThat(proto.toStringUtf8()).endsWith(text);
        // the YAML spec is one string holding both documents, as Talos's MarshalYAML returns it
        String yamlSpec = ResourceYaml.encodeSpec(published.spec());
        assertThat(yamlSpec).startsWith("|");
        assertThat(new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(yamlSpec)).isEqualTo(text);

        var current = new Resource<>(published.metadata(), new RawSpec(ByteString.EMPTY, yamlSpec));
        var older = new Resource<>(dev.anvil.cosi.resource.Metadata.of(MachineConfig.ACTIVE),
                new RawSpec(ByteString.EMPTY, text));
        var withProto = new Resource<>(published.metadata(), new RawSpec(proto, yamlSpec));
        assertThat(List.of(published, current, older, withProto)).extracting(MachineConfig::documents)
                .containsOnly(text);
        assertThat(RuntimeResources.register(ResourceTypes.none()).decode(MachineConfig.TYPE, ByteString.EMPTY, ""))
                .isEqualTo(new MachineConfig(""));
    }

    @Test
    void definitions_followTalos() {
        ResourceTypes types = RuntimeResources.register(ResourceTypes.none());
        var config = types.definition(MachineConfig.TYPE).orElseThrow().spec();
        assertThat(config.sensitive()).isTrue();
        assertThat(config.defaultNamespace()).isEqualTo("config");
        assertThat(config.aliases()).containsExactly("machineconfig", "mc", "mcs");
        var service = types.definition(ServiceResource.TYPE).orElseThrow().spec();
        assertThat(service.sensitive()).isFalse();
        assertThat(service.displayType()).isEqualTo("Service");
        assertThat(service.aliases()).containsExactly("svc", "service");
        assertThat(service.printColumns()).extracting(c -> c.name()).containsExactly("Running", "Healthy",
                "Health Unknown");
        var status = types.definition(MachineStatus.TYPE).orElseThrow().spec();
        assertThat(status.defaultNamespace()).isEqualTo("runtime");
        assertThat(status.allAliases()).contains("machinestatus", "ms", "machinestatuses");
        var audit = types.definition(ApplyAudit.TYPE).orElseThrow().spec();
        assertThat(audit.sensitive()).isFalse();
        assertThat(audit.allAliases()).contains("applyaudit", "applyaudits");
        var time = types.definition(TimeStatus.TYPE).orElseThrow().spec();
        assertThat(time.defaultNamespace()).isEqualTo("runtime");
        assertThat(time.printColumns()).extracting(c -> c.name()).containsExactly("Synced");
        assertThat(TimeStatus.POINTER.id()).isEqualTo("node");
        var meta = types.definition(MetaKey.TYPE).orElseThrow().spec();
        assertThat(meta.sensitive()).isFalse();
        assertThat(meta.allAliases()).contains("meta", "metakey", "metakeys");
        assertThat(meta.printColumns()).extracting(c -> c.name()).containsExactly("Value");
        assertThat(MetaKey.id(10)).isEqualTo("0x0a");
        var security = types.definition(SecurityState.TYPE).orElseThrow().spec();
        assertThat(security.defaultNamespace()).isEqualTo("runtime");
        assertThat(security.allAliases()).contains("securitystate", "securitystates");
        assertThat(types.definitions()).hasSize(12);
    }

    @Test
    void securityState_travelsWithTalosTagsAndKeys() {
        SecurityState state = new SecurityState(true, true);
        byte[] wire = ProtoSpecCodec.encode(state);
        // secureBoot = field 1, bootedWithUKI = field 5: varints 0x08 0x01 and 0x28 0x01
        assertThat(wire).containsExactly(0x08, 0x01, 0x28, 0x01);
        assertThat(RuntimeResources.register(ResourceTypes.none()).decode(SecurityState.TYPE,
                ByteString.copyFrom(wire), "")).isEqualTo(state);
        assertThat(ResourceYaml.encodeSpec(state)).contains("secureBoot: true").contains("bootedWithUKI: true");
    }

    @Test
    void kernelParams_roundTrip_withTalosKeys() {
        ResourceTypes types = RuntimeResources.register(ResourceTypes.none());
        KernelParamStatus status = new KernelParamStatus("1", "0", false, "");
        assertThat(types.decode(KernelParamStatus.TYPE, ByteString.copyFrom(ProtoSpecCodec.encode(status)), ""))
                .isEqualTo(status);
        assertThat(ResourceYaml.encodeSpec(status)).contains("current: '1'").contains("default: '0'")
                .contains("unsupported: false");
        KernelParamSpec spec = new KernelParamSpec("1", false);
        assertThat(types.decode(KernelParamSpec.TYPE, ByteString.copyFrom(ProtoSpecCodec.encode(spec)), ""))
                .isEqualTo(spec);
        assertThat(ResourceYaml.encodeSpec(spec)).contains("ignoreErrors: false");
    }
}
