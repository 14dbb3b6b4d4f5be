package dev.anvil.machined.server;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.api.common.ContainerDriver;
import dev.anvil.api.common.ContainerdInstance;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.containerd.containers.ListContainersRequest;
import dev.anvil.api.containerd.images.ListImagesRequest;
import dev.anvil.api.containerd.tasks.KillRequest;
import dev.anvil.api.containerd.tasks.ListTasksRequest;
import dev.anvil.api.containerd.tasks.MetricsRequest;
import dev.anvil.api.containerd.types.Metric;
import dev.anvil.api.containerd.types.task.Process;
import dev.anvil.api.machine.Container;
import dev.anvil.api.machine.ContainerInfo;
import dev.anvil.api.machine.ContainersRequest;
import dev.anvil.api.machine.ContainersResponse;
import dev.anvil.api.machine.ImageServiceImportResponse;
import dev.anvil.api.machine.ImageServiceListResponse;
import dev.anvil.api.machine.Restart;
import dev.anvil.api.machine.RestartRequest;
import dev.anvil.api.machine.RestartResponse;
import dev.anvil.api.machine.Stat;
import dev.anvil.api.machine.Stats;
import dev.anvil.api.machine.StatsRequest;
import dev.anvil.api.machine.StatsResponse;
import dev.anvil.machined.containerd.ContainerLauncher;
import dev.anvil.machined.containerd.ContainerServices;
import dev.anvil.machined.containerd.Containerd;
import dev.anvil.machined.containerd.ImageImport;
import dev.anvil.sys.Child;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.anvil.machined.server.MachineServer.node;

/**
 * The container and image RPCs, answered from the node's containerd: Containers, Stats and Restart of the machine
 * service, and List and Import of the image service. Namespaces are Talos's: {@code system} (machined's containers)
 * and {@code k8s.io} (Kubernetes'); the CRI driver is served from the same containerd. A node without containerd
 * (maintenance mode) answers FAILED_PRECONDITION.
 */
final class ContainerRpcs {
    static final String CRI_NAMESPACE = "k8s.io";

    private final Containerd containerd;

    /** {@code containerd} is null where the node runs none. */
    ContainerRpcs(Containerd containerd) {
        this.containerd = containerd;
    }

    private Containerd.Namespace namespace(String name, ContainerDriver driver) {
        if (containerd == null) {
            throw Status.FAILED_PRECONDITION.withDescription("containerd does not run on this node (it runs once the"
                    + " node is configured)").asRuntimeException();
        }
        if (driver == ContainerDriver.CRI && !name.equals(CRI_NAMESPACE)) {
            throw Status.INVALID_ARGUMENT.withDescription("the CRI driver serves namespace " + CRI_NAMESPACE
                    + " only").asRuntimeException();
        }
        if (!name.equals(ContainerServices.NAMESPACE) && !name.equals(CRI_NAMESPACE)) {
            throw Status.INVALID_ARGUMENT.withDescription("unsupported namespace \"" + name + "\": "
                    + ContainerServices.NAMESPACE + " or " + CRI_NAMESPACE).asRuntimeException();
        }
        return containerd.namespace(name);
    }

    /** The namespace an image call names: Talos's NS_SYSTEM or NS_CRI (the default is the CRI's, as Talos's). */
    Containerd.Namespace namespace(ContainerdInstance instance) {
        return switch (instance.getNamespace()) {
            case NS_SYSTEM -> namespace(ContainerServices.NAMESPACE, ContainerDriver.CONTAINERD);
            case NS_CRI, NS_UNKNOWN -> namespace(CRI_NAMESPACE, ContainerDriver.CONTAINERD);
            case UNRECOGNIZED -> throw Status.INVALID_ARGUMENT.withDescription("unknown containerd namespace")
                    .asRuntimeException();
        };
    }

    ContainersResponse containers(ContainersRequest request) {
        Containerd.Namespace ns = namespace(request.getNamespace(), request.getDriver());
        Map<String, Process> tasks = tasks(ns);
        var reply = Container.newBuilder().setMetadata(node());
        for (var c : ns.containers().list(ListContainersRequest.getDefaultInstance()).getContainersList()) {
            Process task = tasks.get(c.getId());
            reply.addContainers(ContainerInfo.newBuilder().setNamespace(ns.name()).setId(c.getId())
                    .setInternalId(c.getId()).setName(c.getId()).setImage(c.getImage())
                    .setPid(task == null ? 0 : task.getPid())
                    .setStatus(task == null ? "unknown" : task.getStatus().name().toLowerCase()));
        }
        return ContainersResponse.newBuilder().addMessages(reply).build();
    }

    StatsResponse stats(StatsRequest request) {
        Containerd.Namespace ns = namespace(request.getNamespace(), request.getDriver());
        var reply = Stats.newBuilder().setMetadata(node());
        for (Metric m : ns.tasks().metrics(MetricsRequest.getDefaultInstance()).getMetricsList()) {
            long[] usage = usage(m.getData());
            reply.addStats(Stat.newBuilder().setNamespace(ns.name()).setId(m.getId()).setName(m.getId())
                    .setMemoryUsage(usage[0]).setCpuUsage(usage[1]));
        }
        return StatsResponse.newBuilder().addMessages(reply).build();
    }

    /** Memory in bytes and CPU time in nanoseconds, from cgroup v1 or v2 metrics. */
    static long[] usage(Any data) {
        try {
            if (data.getTypeUrl().endsWith("io.containerd.cgroups.v1.Metrics")) {
                var v1 = dev.anvil.api.containerd.cgroups.v1.Metrics.parseFrom(data.getValue());
                return new long[] {v1.getMemory().getUsage().getUsage(), v1.getCpu().getUsage().getTotal()};
            }
            if (data.getTypeUrl().endsWith("io.containerd.cgroups.v2.Metrics")) {
                var v2 = dev.anvil.api.containerd.cgroups.v2.Metrics.parseFrom(data.getValue());
                return new long[] {v2.getMemory().getUsage(), v2.getCpu().getUsageUsec() * 1000};
            }
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("containerd's metrics do not parse: " + e.getMessage())
                    .asRuntimeException();
        }
        return new long[] {0, 0};
    }

    /** Sends SIGTERM to the container's task, as Talos does: its supervisor (or the kubelet) starts it again. */
    RestartResponse restart(RestartRequest request) {
        Containerd.Namespace ns = namespace(request.getNamespace(), request.getDriver());
        if (!tasks(ns).containsKey(request.getId())) {
            throw Status.NOT_FOUND.withDescription("container \"" + request.getId() + "\" not found (or not running)"
                    + " in namespace " + ns.name()).asRuntimeException();
        }
        ns.tasks().kill(KillRequest.newBuilder().setContainerId(request.getId()).setSignal(Child.SIGTERM).build());
        return RestartResponse.newBuilder().addMessages(Restart.newBuilder().setMetadata(node())).build();
    }

    List<ImageServiceListResponse> images(ContainerdInstance instance) {
        Containerd.Namespace ns = namespace(instance);
        return ns.images().list(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
                .map(i -> ImageServiceListResponse.newBuilder().setName(i.getName())
                        .setDigest(i.getTarget().getDigest()).setSize(ns.imageSize(i.getTarget()))
                        .setCreatedAt(i.getCreatedAt()).putAllLabels(i.getLabelsMap()).build())
                .toList();
    }

    ImageServiceImportResponse importImage(ContainerdInstance instance, InputStream tarball) throws Exception {
        String name = new ImageImport(namespace(instance), ContainerLauncher.SNAPSHOTTER).run(tarball);
        return ImageServiceImportResponse.newBuilder().setName(name).build();
    }

    private static Map<String, Process> tasks(Containerd.Namespace ns) {
        Map<String, Process> tasks = new HashMap<>();
        for (Process p : ns.tasks().list(ListTasksRequest.getDefaultInstance()).getTasksList()) {
            tasks.put(p.getId().isEmpty() ? p.getContainerId() : p.getId(), p);
        }
        return tasks;
    }

    /** containerd's own failures, for a person: "containerd: ..." with containerd's status. */
    static StatusRuntimeException fromContainerd(StatusRuntimeException e) {
        String why = e.getStatus().getDescription();
        if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
            return Status.FAILED_PRECONDITION.withDescription("containerd does not answer: " + why)
                    .asRuntimeException();
        }
        return e;
    }
}
