package dev.anvil.machined.controllers.k8s;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.KubeletSettings;
import dev.anvil.machinery.resources.k8s.KubeletConfig;
import dev.anvil.machinery.resources.k8s.StaticPodServerStatus;

import java.util.List;
import java.util.Optional;

/**
 * The one writer of {@code KubeletConfigs}: {@code machine.kubelet}, the cluster's DNS settings, and the URL of the
 * static pod server, without which it writes nothing yet (as Talos).
 */
public final class KubeletConfigController implements Controller {
    @Override
    public String name() {
        return "k8s.KubeletConfigController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT, Input.weak(StaticPodServerStatus.KIND.namespace(),
                StaticPodServerStatus.TYPE).withId(StaticPodServerStatus.POINTER.id()));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(KubeletConfig.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<String> staticPodUrl = Specs.find(ctx, StaticPodServerStatus.POINTER, StaticPodServerStatus.class)
                .map(r -> r.spec().url());
        Optional<KubeletConfig> config = ActiveConfig.read(ctx).flatMap(c -> KubeletSettings.config(c,
                staticPodUrl.orElse("")));
        if (config.isPresent() && staticPodUrl.isEmpty()) {
            // as Talos: no kubelet config before the static pod server tells where the kubelet gets its pods
            return;
        }
        if (config.isPresent()) {
            Specs.put(ctx, KubeletConfig.POINTER, config.get());
        } else if (Specs.find(ctx, KubeletConfig.POINTER, KubeletConfig.class).isPresent()) {
            ctx.destroy(KubeletConfig.POINTER);
        }
    }
}
