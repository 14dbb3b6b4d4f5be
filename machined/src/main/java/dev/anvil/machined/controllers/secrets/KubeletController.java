package dev.anvil.machined.controllers.secrets;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.ClusterSettings;
import dev.anvil.machinery.resources.secrets.KubeletSecret;

import java.util.List;
import java.util.Optional;

/** The one writer of {@code KubeletSecrets}: where any node's kubelet joins the cluster, and with which token. */
public final class KubeletController implements Controller {
    @Override
    public String name() {
        return "secrets.KubeletController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT);
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(KubeletSecret.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<KubeletSecret> secret = ActiveConfig.read(ctx).flatMap(ClusterSettings::kubelet);
        if (secret.isPresent()) {
            Specs.put(ctx, KubeletSecret.POINTER, secret.get());
        } else if (Specs.find(ctx, KubeletSecret.POINTER, KubeletSecret.class).isPresent()) {
            ctx.destroy(KubeletSecret.POINTER);
        }
    }
}
