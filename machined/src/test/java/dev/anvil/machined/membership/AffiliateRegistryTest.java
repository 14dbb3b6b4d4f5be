package dev.anvil.machined.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.cosi.runtime.ControllerRuntime;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.controllers.cluster.MemberController;
import dev.anvil.machinery.resources.cluster.Affiliate;
import dev.anvil.machinery.resources.cluster.ControlPlane;
import dev.anvil.machinery.resources.cluster.MachineType;
import dev.anvil.machinery.resources.cluster.Member;
import dev.anvil.machinery.resources.network.NetIp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AffiliateRegistryTest {
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());
    private final InMemoryState state = new InMemoryState();
    private final AffiliateRegistry registry = new AffiliateRegistry(state, clock);

    private static Affiliate affiliate(String id, String hostname, MachineType type) {
        return new Affiliate(id, List.of(NetIp.parse("10.5.0." + (id.hashCode() & 0x7f))), hostname, hostname,
                "Anvil (v0)", type, type.isControlPlane() ? new ControlPlane(6443) : null);
    }

    @Test
    void learned_expiresUnlessRefreshed_localNever() {
        registry.local(affiliate("self", "cp-1", MachineType.CONTROL_PLANE));
        registry.learn(affiliate("w1", "w-1", MachineType.WORKER), Duration.ofSeconds(15));
        registry.learn(affiliate("w2", "w-2", MachineType.WORKER), Duration.ofSeconds(5));
        assertThat(registry.nodeIds()).containsExactly("self", "w1", "w2");
        millis.addAndGet(6_000);
        assertThat(registry.nodeIds()).containsExactly("self", "w1");
        millis.addAndGet(10_000);
        assertThat(registry.nodeIds()).containsExactly("self");
    }

    @Test
    void learn_keepsTheLaterExpiry_andIgnoresWhatOthersSayOfThisNode() {
        registry.local(affiliate("self", "cp-1", MachineType.CONTROL_PLANE));
        registry.learn(affiliate("w1", "w-1", MachineType.WORKER), Duration.ofSeconds(15));
        registry.learn(affiliate("w1", "w-1", MachineType.WORKER), Duration.ofSeconds(2));
        registry.learn(affiliate("self", "impostor", MachineType.WORKER), Duration.ofSeconds(15));
        List<AffiliateRegistry.Entry> entries = registry.entries(Duration.ofSeconds(15));
        assertThat(entries).hasSize(2);
        assertThat(entries.getFirst().affiliate().hostname()).isEqualTo("cp-1");
        assertThat(entries.get(1).ttl()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void publish_makesAffiliatesAndTheControllerMembers() throws Exception {
        try (ControllerRuntime runtime = new ControllerRuntime(state)) {
            runtime.register(new MemberController());
            runtime.start();
            registry.local(affiliate("self", "cp-1", MachineType.CONTROL_PLANE));
            registry.learn(affiliate("w1", "w-1", MachineType.WORKER), Duration.ofSeconds(5));
            registry.publish();
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> state.list(Member.KIND).stream().map(r -> r.id()).toList(),
                            ids -> ids.equals(List.of("cp-1", "w-1")));
            assertThat(state.list(Affiliate.KIND)).hasSize(2);
            millis.addAndGet(6_000);
            registry.publish();
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> state.list(Member.KIND).stream().map(r -> r.id()).toList(),
                            ids -> ids.equals(List.of("cp-1")));
            assertThat(state.list(Affiliate.KIND)).hasSize(1);
        }
    }

    @Test
    void nodeIdentity_isMadeOnce(@TempDir Path dir) throws Exception {
        String id = NodeIdentity.loadOrCreate(dir, new SecureRandom());
        assertThat(id).matches("[0-9A-Za-z]{40,43}");
        assertThat(NodeIdentity.loadOrCreate(dir, new SecureRandom())).isEqualTo(id);
        assertThat(Files.readString(dir.resolve(NodeIdentity.FILE))).isEqualTo("nodeId: " + id + "\n");
    }
}
