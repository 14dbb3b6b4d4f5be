package dev.anvil.machined.controllers.k8s;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Struct;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.BootstrapManifests;
import dev.anvil.machined.kubernetes.ExtraManifests;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.k8s.Manifest;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one writer of {@code Manifests} (Talos's ManifestController and ExtraManifestController in one): a control
 * plane's bootstrap manifests, then {@code cluster.extraManifests} read from {@code file://} URLs and
 * {@code cluster.inlineManifests}. An extra manifest that cannot be had (a network URL) is left out with a warning.
 */
public final class ManifestController implements Controller {
    @Override
    public String name() {
        return "k8s.ManifestController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT, Input.weak(KubernetesRoot.KIND.namespace(), KubernetesRoot.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(Manifest.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<KubernetesRoot> root = Specs.find(ctx, KubernetesRoot.POINTER, KubernetesRoot.class)
                .map(Resource::spec);
        var cluster = ActiveConfig.read(ctx).flatMap(c -> c.v1alpha1()).map(v -> v.cluster());
        Map<String, List<Map<String, Object>>> manifests = new TreeMap<>();
        if (root.isPresent() && cluster.isPresent()) {
            manifests.putAll(BootstrapManifests.all(cluster.get(), root.get()));
            ExtraManifests.Result extra = ExtraManifests.load(cluster.get());
            manifests.putAll(extra.manifests());
            extra.skipped().forEach(why -> Log.warn("extra manifest left out", "reason", why));
        }
        for (Resource<?> existing : ctx.list(Manifest.KIND)) {
            if (!manifests.containsKey(existing.id())) {
                ctx.destroy(existing.pointer());
            }
        }
        manifests.forEach((id, objects) -> Specs.put(ctx, Manifest.KIND.pointer(id),
                Manifest.of(objects.stream().map(Struct::of).toList())));
    }
}
