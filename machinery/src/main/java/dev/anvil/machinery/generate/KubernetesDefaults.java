package dev.anvil.machinery.generate;

import dev.anvil.machinery.config.schema.Unstructured;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The Kubernetes settings talosctl writes into every control-plane config, as data. */
final class KubernetesDefaults {

    static final String POD_SUBNET = "10.244.0.0/16";
    static final String SERVICE_SUBNET = "10.96.0.0/12";
    static final int KUBE_PRISM_PORT = 7445;
    static final String EXCLUDE_FROM_LB = "node.kubernetes.io/exclude-from-external-load-balancers";

    /** Pod Security admission: baseline enforced, restricted audited and warned, kube-system exempt. */
    static final String POD_SECURITY = """
            apiVersion: pod-security.admission.config.k8s.io/v1alpha1
            defaults:
              audit: restricted
              audit-version: latest
              enforce: baseline
              enforce-version: latest
              warn: restricted
              warn-version: latest
            exemptions:
              namespaces:
                - kube-system
              runtimeClasses: []
              usernames: []
            kind: PodSecurityConfiguration
            """;

    static final String AUDIT_POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            rules:
              - level: Metadata
            """;

    private KubernetesDefaults() {
    }

    /** Ordered maps, so that generated configs come out the same every time. */
    static Unstructured yaml(String text) {
        return new Unstructured(new Load(LoadSettings.builder().build()).loadFromString(text));
    }
}
