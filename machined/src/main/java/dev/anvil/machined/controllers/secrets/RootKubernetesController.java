package dev.anvil.machined.controllers.secrets;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.ClusterSettings;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;

import java.util.List;
import java.util.Optional;

/** The one writer of {@code KubernetesRootSecrets}: a control plane's Kubernetes PKI and endpoints from its config. */
public final class RootKubernetesController implements Controller {
    @Override
    public String name() {
        return "secrets.RootKubernetesController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT);
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(KubernetesRoot.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<KubernetesRoot> root = ActiveConfig.read(ctx).flatMap(ClusterSettings::root);
        if (root.isPresent()) {
            Specs.put(ctx, KubernetesRoot.POINTER, root.get());
        } else if (Specs.find(ctx, KubernetesRoot.POINTER, KubernetesRoot.class).isPresent()) {
            ctx.destroy(KubernetesRoot.POINTER);
        }
    }
}
