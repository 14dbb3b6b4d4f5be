package dev.anvil.machined.controllers.secrets;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.KubernetesCertificates;
import dev.anvil.machined.kubernetes.Kubeconfigs;
import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.resources.secrets.KubernetesCerts;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * The one writer of {@code KubernetesSecrets}: the kubeconfigs of kube-controller-manager and kube-scheduler (to the
 * local API server) and the control plane's admin kubeconfigs (to the endpoint and to the local API server), each
 * with its own client certificate. Made again when the root secrets change.
 */
public final class KubernetesController implements Controller {
    private final InstantSource clock;

    public KubernetesController(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "secrets.KubernetesController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(KubernetesRoot.KIND.namespace(), KubernetesRoot.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(KubernetesCerts.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<KubernetesRoot> root = Specs.find(ctx, KubernetesRoot.POINTER, KubernetesRoot.class)
                .map(r -> r.spec());
        if (root.isEmpty()) {
            if (Specs.find(ctx, KubernetesCerts.POINTER, KubernetesCerts.class).isPresent()) {
                ctx.destroy(KubernetesCerts.POINTER);
            }
            return;
        }
        Specs.put(ctx, KubernetesCerts.POINTER, kubeconfigs(root.get(), clock.instant()));
    }

    static KubernetesCerts kubeconfigs(KubernetesRoot root, Instant now) {
        CertificateAuthority ca = root.issuingCA().authority();
        String local = root.localEndpoint().fullPath();
        String endpoint = root.endpoint().fullPath();
        var validity = KubernetesCertificates.VALIDITY;
        return new KubernetesCerts(
                Kubeconfigs.generate(root.name(), local, ca, root.acceptedCAs(), Kubeconfigs.Identity.SCHEDULER,
                        validity, now),
                Kubeconfigs.generate(root.name(), local, ca, root.acceptedCAs(),
                        Kubeconfigs.Identity.CONTROLLER_MANAGER, validity, now),
                Kubeconfigs.generate(root.name(), local, ca, root.acceptedCAs(), Kubeconfigs.Identity.TALOS_ADMIN,
                        validity, now),
                Kubeconfigs.generate(root.name(), endpoint, ca, root.acceptedCAs(), Kubeconfigs.Identity.TALOS_ADMIN,
                        validity, now));
    }
}
