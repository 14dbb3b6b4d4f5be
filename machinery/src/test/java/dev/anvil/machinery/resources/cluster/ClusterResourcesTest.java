package dev.anvil.machinery.resources.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.network.NetIp;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterResourcesTest {
    private static final ResourceTypes TYPES = ClusterResources.register(ResourceTypes.none());

    @Test
    void member_wireAndYamlAsTalos() {
        Member member = new Member("n1", List.of(NetIp.parse("10.5.0.2")), "cp-1", MachineType.CONTROL_PLANE,
                "Anvil (v0.1.0)", new ControlPlane(6443));
        assertThat(HexFormat.ofDelimiter(" ").formatHex(ProtoSpecCodec.encode(member)))
                .startsWith("0a 02 6e 31"            // nodeId=1 "n1"
                        + " 12 06 0a 04 0a 05 00 02" // addresses=2 [{ip=1 10.5.0.2}]
                        + " 1a 04 63 70 2d 31"       // hostname=3 "cp-1"
                        + " 20 02")                  // machineType=4 controlplane
                .endsWith("32 03 08 ab 32");         // controlPlane=6 {port=1 6443}
        assertThat(ResourceYaml.encodeSpec(member)).isEqualTo("""
                nodeId: n1
                addresses:
                    - 10.5.0.2
                hostname: cp-1
                machineType: controlplane
                operatingSystem: Anvil (v0.1.0)
                controlPlane:
                    port: 6443
                """);
        assertThat(TYPES.decode(Member.TYPE, ByteString.copyFrom(ProtoSpecCodec.encode(member)), ""))
                .isEqualTo(member);
    }

    @Test
    void affiliate_ofAWorker_hasNoControlPlaneAndMakesItsMember() {
        Affiliate worker = new Affiliate("n2", List.of(NetIp.parse("10.5.0.3")), "w-1", "w-1", "Anvil (v0.1.0)",
                MachineType.WORKER, null);
        assertThat(ResourceYaml.encodeSpec(worker)).contains("machineType: worker").doesNotContain("controlPlane");
        assertThat(TYPES.decode(Affiliate.TYPE, ByteString.copyFrom(ProtoSpecCodec.encode(worker)), ""))
                .isEqualTo(worker);
        assertThat(worker.member()).isEqualTo(new Member("n2", worker.addresses(), "w-1", MachineType.WORKER,
                "Anvil (v0.1.0)", null));
    }

    @Test
    void definitions_areTalos() {
        assertThat(TYPES.definition(Member.TYPE).orElseThrow().printColumns())
                .extracting(c -> c.name()).containsExactly("Hostname", "Machine Type", "OS", "Addresses");
        assertThat(TYPES.definition(Identity.TYPE).orElseThrow().defaultNamespace()).isEqualTo("cluster");
        assertThat(MachineType.parse("init").isControlPlane()).isTrue();
        assertThat(MachineType.parse("worker").isControlPlane()).isFalse();
    }
}
