package dev.anvil.machined.controllers.runtime;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.runtime.KernelParamSpec;
import dev.anvil.machinery.resources.runtime.KernelParamStatus;
import dev.anvil.machinery.resources.runtime.MachineStatus;
import dev.anvil.machinery.resources.runtime.MachineStatus.Stage;
import dev.anvil.machinery.resources.runtime.MachineStatus.UnmetCondition;
import dev.anvil.machinery.resources.runtime.ServiceResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one writer of {@code MachineStatus}: the stage the boot code reports, and whether the node is ready. While
 * booting or running, ready means every condition holds (Talos's names where Talos has the check):
 * {@code services}, every service running and not unhealthy; {@code network}, the hostname status matching the
 * merged hostname spec; {@code config}, every kernel parameter spec applied, skipped or (ignoring errors)
 * unsupported. Other stages have no conditions. The stage is not a resource: the boot code changes it and then
 * wakes this controller through the runtime, as Talos's controller follows the boot events.
 */
public final class MachineStatusController implements Controller {
    public static final String NAME = "runtime.MachineStatusController";

    private final Supplier<Stage> stage;
    private final AtomicBoolean announced = new AtomicBoolean();

    public MachineStatusController(Supplier<Stage> stage) {
        this.stage = stage;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(ServiceResource.KIND.namespace(), ServiceResource.TYPE),
                Input.weak(HostnameSpec.KIND.namespace(), HostnameSpec.TYPE).withId(HostnameSpec.ID),
                Input.weak(HostnameStatus.KIND.namespace(), HostnameStatus.TYPE).withId(HostnameSpec.ID),
                Input.weak(KernelParamSpec.KIND.namespace(), KernelParamSpec.TYPE),
                Input.weak(KernelParamStatus.KIND.namespace(), KernelParamStatus.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(MachineStatus.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Stage now = stage.get();
        List<UnmetCondition> unmet = now == Stage.BOOTING || now == Stage.RUNNING ? unmet(
                ctx.list(ServiceResource.KIND).stream().map(r -> r.as(ServiceResource.class)).toList(),
                Specs.find(ctx, HostnameSpec.KIND.pointer(HostnameSpec.ID), HostnameSpec.class)
                        .map(Resource::spec),
                Specs.find(ctx, HostnameStatus.KIND.pointer(HostnameSpec.ID), HostnameStatus.class)
                        .map(Resource::spec),
                byId(ctx.list(KernelParamSpec.KIND), KernelParamSpec.class),
                byId(ctx.list(KernelParamStatus.KIND), KernelParamStatus.class)) : List.of();
        boolean ready = unmet.isEmpty();
        Specs.put(ctx, MachineStatus.POINTER, new MachineStatus(now, new MachineStatus.Status(ready, unmet)));
        if (now == Stage.RUNNING && ready && announced.compareAndSet(false, true)) {
            Log.info("machine is running and ready");
        }
    }

    static List<UnmetCondition> unmet(List<Resource<ServiceResource>> services, Optional<HostnameSpec> hostname,
            Optional<HostnameStatus> hostnameStatus, Map<String, KernelParamSpec> params,
            Map<String, KernelParamStatus> paramStatuses) {
        List<UnmetCondition> unmet = new ArrayList<>();
        List<String> serviceProblems = new ArrayList<>();
        for (Resource<ServiceResource> service : services) {
            if (!service.spec().running()) {
                serviceProblems.add(service.id() + " not running");
            } else if (!service.spec().unknown() && !service.spec().healthy()) {
                serviceProblems.add(service.id() + " not healthy");
            }
        }
        if (!serviceProblems.isEmpty()) {
            unmet.add(new UnmetCondition("services", String.join(", ", serviceProblems)));
        }
        boolean hostnameSet = hostname.isPresent() && hostnameStatus.isPresent()
                && hostname.get().hostname().equals(hostnameStatus.get().hostname())
                && Objects.equals(Objects.requireNonNullElse(hostname.get().domainname(), ""),
                        hostnameStatus.get().domainname());
        if (!hostnameSet) {
            unmet.add(new UnmetCondition("network", "waiting on: hostname"));
        }
        List<String> pending = params.entrySet().stream()
                .filter(e -> !applied(e.getValue(), paramStatuses.get(e.getKey())))
                .map(Map.Entry::getKey).collect(Collectors.toList());
        if (!pending.isEmpty()) {
            unmet.add(new UnmetCondition("config", "kernel parameters not applied: " + String.join(", ", pending)));
        }
        return unmet;
    }

    private static boolean applied(KernelParamSpec spec, KernelParamStatus status) {
        return status != null && (!status.skipped().isEmpty() || status.unsupported() && spec.ignoreErrors()
                || status.current().equals(spec.value()));
    }

    private static <S extends Spec> Map<String, S> byId(List<Resource<?>> resources,
            Class<S> type) {
        Map<String, S> byId = new TreeMap<>();
        resources.forEach(r -> byId.put(r.id(), r.as(type).spec()));
        return byId;
    }
}
