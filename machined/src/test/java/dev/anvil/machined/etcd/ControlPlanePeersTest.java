package dev.anvil.machined.etcd;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machinery.resources.cluster.MachineType;
import dev.anvil.machinery.resources.cluster.Member;
import dev.anvil.machinery.resources.network.NetIp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ControlPlanePeersTest {
    private final InMemoryState state = new InMemoryState();

    @Test
    void theConfiguredEndpointFirst_thenEveryAddressOfEachControlPlaneMember_butNoWorker() throws Exception {
        var peers = new ControlPlanePeers(List.of("https://10.5.0.2:2379"), state);
        assertThat(peers.get()).containsExactly("https://10.5.0.2:2379");

        member("cp-1", MachineType.CONTROL_PLANE, "10.5.0.2");
        member("cp-2", MachineType.INIT, "10.5.0.3", "fd00::3");
        member("w-1", MachineType.WORKER, "10.5.0.9");
        assertThat(peers.get()).containsExactly("https://10.5.0.2:2379", "https://10.5.0.3:2379",
                "https://[fd00:0:0:0:0:0:0:3]:2379");
    }

    private void member(String hostname, MachineType type, String... addresses) throws Exception {
        var spec = new Member(hostname, List.of(addresses).stream().map(NetIp::parse).toList(), hostname, type,
                "Anvil", null);
        state.create(Resource.of(Member.KIND.pointer(hostname), spec), "test");
    }
}
