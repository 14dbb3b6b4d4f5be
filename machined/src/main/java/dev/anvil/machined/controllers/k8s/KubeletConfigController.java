package dev.anvil.machined.controllers.k8s;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.KubeletSettings;
import dev.anvil.machinery.resources.k8s.KubeletConfig;

import java.util.List;
import java.util.Optional;

/** The one writer of {@code KubeletConfigs}: {@code machine.kubelet} and the cluster's DNS settings. */
public final class KubeletConfigController implements Controller {
    @Override
    public String name() {
        return "k8s.KubeletConfigController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT);
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(KubeletConfig.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<KubeletConfig> config = ActiveConfig.read(ctx).flatMap(KubeletSettings::config);
        if (config.isPresent()) {
            Specs.put(ctx, KubeletConfig.POINTER, config.get());
        } else if (Specs.find(ctx, KubeletConfig.POINTER, KubeletConfig.class).isPresent()) {
            ctx.destroy(KubeletConfig.POINTER);
        }
    }
}
