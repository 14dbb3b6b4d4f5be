package dev.anvil.machined.server;

import com.google.protobuf.Empty;
import dev.anvil.api.inspect.ControllerDependencyEdge;
import dev.anvil.api.inspect.ControllerRuntimeDependenciesResponse;
import dev.anvil.api.inspect.DependencyEdgeType;
import dev.anvil.cosi.runtime.ControllerRuntime;
import dev.anvil.cosi.runtime.EdgeType;
import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.controllers.Controllers;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The dependency graph of machined's real controllers, as the inspect service sends it. */
class InspectServerTest {

    @Test
    void machinedControllers_registerWithoutConflicts_andTheGraphIsServedWithTalosEdgeTypes() {
        // registered but never started: nothing touches this host's hostname or sysctls
        try (ControllerRuntime runtime = new ControllerRuntime(new InMemoryState())) {
            Controllers.containerMode("node", () -> MachineStatus.Stage.BOOTING).forEach(runtime::register);
            List<ControllerRuntimeDependenciesResponse> replies = new ArrayList<>();
            new InspectServer(runtime::dependencyGraph).controllerRuntimeDependencies(Empty.getDefaultInstance(),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(ControllerRuntimeDependenciesResponse value) {
                            replies.add(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            throw new AssertionError(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            assertThat(replies).hasSize(1);
            List<ControllerDependencyEdge> edges = replies.getFirst().getMessages(0).getEdgesList();
            assertThat(edges).hasSize(runtime.dependencyGraph().edges().size());
            assertThat(edges).anySatisfy(e -> {
                assertThat(e.getControllerName()).isEqualTo("network.HostnameSpecController");
                assertThat(e.getEdgeType()).isEqualTo(DependencyEdgeType.OUTPUT_EXCLUSIVE);
                assertThat(e.getResourceType()).isEqualTo("HostnameStatuses.net.talos.dev");
            });
            assertThat(edges).anySatisfy(e -> {
                assertThat(e.getControllerName()).isEqualTo("HostnameMergeControllers.net.talos.dev");
                assertThat(e.getEdgeType()).isEqualTo(DependencyEdgeType.INPUT_WEAK);
                assertThat(e.getResourceNamespace()).isEqualTo("network-config");
            });
            assertThat(edges).anySatisfy(e -> {
                assertThat(e.getControllerName()).isEqualTo("runtime.KernelParamConfigController");
                assertThat(e.getResourceType()).isEqualTo("MachineConfigs.config.talos.dev");
                assertThat(e.getResourceId()).isEqualTo("v1alpha1");
            });
        }
    }

    @Test
    void queueInputKinds_mapToTheNearestTalosKind() {
        assertThat(InspectServer.edgeType(EdgeType.INPUT_Q_PRIMARY)).isEqualTo(DependencyEdgeType.INPUT_WEAK);
        assertThat(InspectServer.edgeType(EdgeType.INPUT_Q_MAPPED_DESTROY_READY))
                .isEqualTo(DependencyEdgeType.INPUT_DESTROY_READY);
        assertThat(InspectServer.edgeType(EdgeType.OUTPUT_SHARED)).isEqualTo(DependencyEdgeType.OUTPUT_SHARED);
    }
}
