package dev.anvil.machined.controllers.k8s;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Struct;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.ControlPlanePods;
import dev.anvil.machinery.resources.k8s.StaticPod;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one writer of {@code StaticPods}: on a control plane with its root secrets, the pods of kube-apiserver,
 * kube-controller-manager and kube-scheduler from the cluster config; none elsewhere.
 */
public final class ControlPlaneStaticPodController implements Controller {
    @Override
    public String name() {
        return "k8s.ControlPlaneStaticPodController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT, Input.weak(KubernetesRoot.KIND.namespace(), KubernetesRoot.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(StaticPod.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<KubernetesRoot> root = Specs.find(ctx, KubernetesRoot.POINTER, KubernetesRoot.class)
                .map(Resource::spec);
        var cluster = ActiveConfig.read(ctx).flatMap(c -> c.v1alpha1()).map(v -> v.cluster());
        Map<String, Map<String, Object>> pods = root.isPresent() && cluster.isPresent()
                ? ControlPlanePods.all(cluster.get(), root.get()) : Map.of();
        for (Resource<?> existing : ctx.list(StaticPod.KIND)) {
            if (!pods.containsKey(existing.id())) {
                ctx.destroy(existing.pointer());
            }
        }
        pods.forEach((id, pod) -> Specs.put(ctx, StaticPod.KIND.pointer(id), new StaticPod(Struct.of(pod))));
    }
}
