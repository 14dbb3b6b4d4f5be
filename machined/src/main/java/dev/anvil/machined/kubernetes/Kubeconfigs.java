package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.pki.CertificateAuthority;
import dev.anvil.machinery.resources.secrets.PemCertificate;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import static dev.anvil.machined.kubernetes.K8sObjects.list;
import static dev.anvil.machined.kubernetes.K8sObjects.object;

/**
 * Kubeconfigs as Talos writes them (its kubeconfig.Generate): one cluster named after the Kubernetes cluster with
 * the accepted CAs, one user {@code USER@CLUSTER} with a fresh client certificate, one context {@code CONTEXT@CLUSTER}
 * in namespace default, which is current.
 */
public final class Kubeconfigs {
    private Kubeconfigs() {
    }

    /** Who the kubeconfig is for. */
    public record Identity(String commonName, String organization, String username, String contextName) {
        /** The admin's, as the Kubeconfig API hands out (Talos's GenerateAdmin). */
        public static final Identity ADMIN = new Identity("admin", KubernetesCertificates.ADMIN_ORGANIZATION,
                "admin", "admin");
        /** Talos's own admin for the control plane's internal use. */
        public static final Identity TALOS_ADMIN = new Identity("talos:admin", KubernetesCertificates.ADMIN_ORGANIZATION,
                "admin", "admin");
        public static final Identity CONTROLLER_MANAGER = new Identity("system:kube-controller-manager",
                "system:kube-controller-manager", "system:kube-controller-manager", "default");
        public static final Identity SCHEDULER = new Identity("system:kube-scheduler", "system:kube-scheduler",
                "system:kube-scheduler", "default");
    }

    public static String generate(String clusterName, String server, CertificateAuthority ca,
            List<PemCertificate> acceptedCAs, Identity identity, Duration lifetime, Instant now) {
        var client = KubernetesCertificates.client(ca, identity.commonName(), identity.organization(), now, lifetime,
                new SecureRandom());
        String user = identity.username() + "@" + clusterName;
        String context = identity.contextName() + "@" + clusterName;
        String caData = acceptedCAs.stream().map(PemCertificate::pem).collect(Collectors.joining());
        return Yaml.dump(object(
                "apiVersion", "v1",
                "clusters", list(object("cluster", object("certificate-authority-data", base64(caData),
                        "server", server), "name", clusterName)),
                "contexts", list(object("context", object("cluster", clusterName, "namespace", "default",
                        "user", user), "name", context)),
                "current-context", context,
                "kind", "Config",
                "preferences", object(),
                "users", list(object("name", user, "user", object(
                        "client-certificate-data", base64(client.certificatePem()),
                        "client-key-data", base64(client.keyPem()))))));
    }

    /** The kubelet's bootstrap kubeconfig: the bootstrap token as its credentials (Talos's kubelet kubeconfig). */
    public static String bootstrap(String server, List<PemCertificate> acceptedCAs, String tokenId,
            String tokenSecret) {
        String caData = acceptedCAs.stream().map(PemCertificate::pem).collect(Collectors.joining());
        return Yaml.dump(object(
                "apiVersion", "v1",
                "clusters", list(object("cluster", object("certificate-authority-data", base64(caData),
                        "server", server), "name", "local")),
                "contexts", list(object("context", object("cluster", "local", "user", "kubelet"), "name", "local")),
                "current-context", "local",
                "kind", "Config",
                "preferences", object(),
                "users", list(object("name", "kubelet", "user", object("token", tokenId + "." + tokenSecret)))));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
