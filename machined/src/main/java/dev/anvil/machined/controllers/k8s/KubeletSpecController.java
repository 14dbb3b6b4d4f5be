package dev.anvil.machined.controllers.k8s;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.ClusterSettings;
import dev.anvil.machined.kubernetes.KubeletSettings;
import dev.anvil.machinery.resources.k8s.KubeletConfig;
import dev.anvil.machinery.resources.k8s.KubeletSpec;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.NodeAddress;

import java.util.List;
import java.util.Optional;

/**
 * The one writer of {@code KubeletSpecs}: the kubelet's flags and KubeletConfiguration, once the node has a hostname
 * (its node name) and the config a kubelet part; the node IP is its first current address.
 */
public final class KubeletSpecController implements Controller {
    @Override
    public String name() {
        return "k8s.KubeletSpecController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT, Input.weak(KubeletConfig.KIND.namespace(), KubeletConfig.TYPE),
                Input.weak(HostnameStatus.KIND.namespace(), HostnameStatus.TYPE),
                Input.weak(NodeAddress.KIND.namespace(), NodeAddress.TYPE).withId(NodeAddress.CURRENT_ID));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(KubeletSpec.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<KubeletConfig> config = Specs.find(ctx, KubeletConfig.POINTER, KubeletConfig.class)
                .map(Resource::spec);
        Optional<String> hostname = Specs.find(ctx, HostnameStatus.KIND.pointer("hostname"), HostnameStatus.class)
                .map(r -> r.spec().hostname()).filter(h -> !h.isEmpty());
        if (config.isEmpty() || hostname.isEmpty()) {
            if (Specs.find(ctx, KubeletSpec.POINTER, KubeletSpec.class).isPresent()) {
                ctx.destroy(KubeletSpec.POINTER);
            }
            return;
        }
        List<String> ips = Specs.find(ctx, NodeAddress.KIND.pointer(NodeAddress.CURRENT_ID), NodeAddress.class)
                .map(r -> r.spec().addresses().stream().map(NetIpPrefix::address)
                        .filter(ip -> !ip.toInetAddress().isLoopbackAddress()).map(Object::toString).toList())
                .orElse(List.of());
        boolean controlPlane = ActiveConfig.read(ctx).flatMap(c -> c.v1alpha1())
                .map(ClusterSettings::controlPlane).orElse(false);
        Specs.put(ctx, KubeletSpec.POINTER, KubeletSettings.spec(config.get(), hostname.get(), ips, controlPlane));
    }
}
