package dev.anvil.machined.controllers.runtime;

import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.runtime.KernelParamSpec;
import dev.anvil.machinery.resources.runtime.KernelParamStatus;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.resources.runtime.MachineStatus.Stage;
import dev.anvil.machinery.resources.runtime.MachineStatus.UnmetCondition;
import dev.anvil.machinery.resources.runtime.ServiceResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Readiness from the state of the node: the other writers (supervisor mirror, hostname and kernel parameter
 * controllers) are stood in for by direct writes under their names.
 */
class MachineStatusControllerTest {
    private final AtomicReference<Stage> stage = new AtomicReference<>(Stage.BOOTING);
    private final RuntimeHarness node = new RuntimeHarness(new MachineStatusController(stage::get));

    @AfterEach
    void close() {
        node.close();
    }

    private <S extends Spec> void put(Pointer pointer, S spec, String owner) {
        node.state.modify(Resource.of(pointer, spec), r -> r.withSpec(spec), UpdateOptions.owner(owner));
    }

    private void stage(Stage next) {
        stage.set(next);
        node.runtime.queueReconcile(MachineStatusController.NAME);
    }

    private static MachineStatus status(Stage stage, UnmetCondition... unmet) {
        return new MachineStatus(stage, new MachineStatus.Status(unmet.length == 0, List.of(unmet)));
    }

    @Test
    void readiness_followsServicesHostnameAndKernelParams() {
        node.awaitSpec(MachineStatus.POINTER, status(Stage.BOOTING,
                new UnmetCondition("network", "waiting on: hostname")));
        stage(Stage.RUNNING);
        node.awaitSpec(MachineStatus.POINTER, status(Stage.RUNNING,
                new UnmetCondition("network", "waiting on: hostname")));

        put(HostnameSpec.KIND.pointer("hostname"), new HostnameSpec("web-1", "", ConfigLayer.CONFIGURATION),
                "HostnameMergeControllers.net.talos.dev");
        put(HostnameStatus.KIND.pointer("hostname"), new HostnameStatus("web-1", ""), "network.HostnameSpecController");
        put(ServiceResource.pointer("etcd"), new ServiceResource(true, false, false), "v1alpha1.ServiceController");
        put(ServiceResource.pointer("trustd"), new ServiceResource(false, false, false), "v1alpha1.ServiceController");
        put(KernelParamSpec.KIND.pointer("proc.sys.net.ipv4.ip_forward"), new KernelParamSpec("1", false),
                "runtime.KernelParamConfigController");
        put(KernelParamSpec.KIND.pointer("proc.sys.kernel.pid_max"), new KernelParamSpec("1", false),
                "runtime.KernelParamConfigController");
        put(KernelParamStatus.KIND.pointer("proc.sys.kernel.pid_max"),
                new KernelParamStatus("", "", false, "skipped in container mode"), "runtime.KernelParamSpecController");
        node.awaitSpec(MachineStatus.POINTER, status(Stage.RUNNING,
                new UnmetCondition("services", "etcd not healthy, trustd not running"),
                new UnmetCondition("config", "kernel parameters not applied: proc.sys.net.ipv4.ip_forward")));

        put(ServiceResource.pointer("etcd"), new ServiceResource(true, true, false), "v1alpha1.ServiceController");
        put(ServiceResource.pointer("trustd"), new ServiceResource(true, false, true), "v1alpha1.ServiceController");
        put(KernelParamStatus.KIND.pointer("proc.sys.net.ipv4.ip_forward"), new KernelParamStatus("1", "0", false, ""),
                "runtime.KernelParamSpecController");
        node.awaitSpec(MachineStatus.POINTER, status(Stage.RUNNING));

        // a hostname that changes is unmet until the status catches up
        put(HostnameSpec.KIND.pointer("hostname"), new HostnameSpec("web-2", "", ConfigLayer.CONFIGURATION),
                "HostnameMergeControllers.net.talos.dev");
        node.awaitSpec(MachineStatus.POINTER, status(Stage.RUNNING,
                new UnmetCondition("network", "waiting on: hostname")));
    }

    @Test
    void maintenance_hasNoConditions() {
        stage(Stage.MAINTENANCE);
        node.awaitSpec(MachineStatus.POINTER, status(Stage.MAINTENANCE));
    }
}
