package dev.anvil.machined.controllers.k8s;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.k8s.Manifest;
import dev.anvil.machinery.resources.k8s.ManifestStatus;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;

import java.util.List;
import java.util.Optional;

/**
 * The one writer of {@code ManifestStatuses} (Talos's ManifestApplyController, which applies the bootstrap manifests
 * through the local API server). Anvil has no Kubernetes API server to apply them to (kube-apiserver is a static pod
 * the kubelet runs, and neither binary is on the node), so the status lists none applied and says what they wait
 * for, and the log says it once each time that changes; nothing waits silently.
 */
public final class ManifestApplyController implements Controller {
    @Override
    public String name() {
        return "k8s.ManifestApplyController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(Manifest.KIND.namespace(), Manifest.TYPE),
                Input.weak(KubernetesRoot.KIND.namespace(), KubernetesRoot.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(ManifestStatus.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        List<String> manifests = ctx.list(Manifest.KIND).stream().map(Resource::id).sorted().toList();
        Optional<KubernetesRoot> root = Specs.find(ctx, KubernetesRoot.POINTER, KubernetesRoot.class)
                .map(Resource::spec);
        Optional<ManifestStatus> current = Specs.find(ctx, ManifestStatus.POINTER, ManifestStatus.class)
                .map(Resource::spec);
        if (manifests.isEmpty() || root.isEmpty()) {
            if (current.isPresent()) {
                ctx.destroy(ManifestStatus.POINTER);
            }
            return;
        }
        ManifestStatus status = new ManifestStatus(List.of(), waiting(root.get(), manifests.size()));
        if (current.isEmpty() || !current.get().equals(status)) {
            Log.info("bootstrap manifests not applied", "manifests", Integer.toString(manifests.size()),
                    "waiting", status.waiting());
        }
        Specs.put(ctx, ManifestStatus.POINTER, status);
    }

    static String waiting(KubernetesRoot root, int manifests) {
        return "waiting for the Kubernetes API server at " + root.localEndpoint().fullPath() + " to apply "
                + manifests + " bootstrap manifests (kube-apiserver is a static pod of the kubelet)";
    }
}
