package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.schema.ArgValue;
import dev.anvil.machinery.config.v1alpha1.KubeletConfig;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.cosi.resource.Struct;
import dev.anvil.machinery.resources.k8s.KubeletSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static dev.anvil.machined.kubernetes.K8sObjects.object;

/**
 * The kubelet's settings: from the config, Talos's {@code KubeletConfig} resource (KubeletConfigController); with the
 * node's name and addresses, its flags and KubeletConfiguration object (KubeletSpecController), with Talos's
 * defaults and paths.
 */
public final class KubeletSettings {
    public static final String CONFIG_FILE = "/etc/kubernetes/kubelet.yaml";
    public static final String BOOTSTRAP_KUBECONFIG = "/etc/kubernetes/bootstrap-kubeconfig";
    public static final String KUBECONFIG = "/etc/kubernetes/kubeconfig-kubelet";
    public static final String MANIFESTS = "/etc/kubernetes/manifests";
    public static final String CA_FILE = "/etc/kubernetes/pki/ca.crt";
    static final String CRI_SOCKET = "/run/containerd/containerd.sock";
    static final Set<String> DENIED = Set.of("bootstrap-kubeconfig", "kubeconfig", "container-runtime",
            "container-runtime-endpoint", "config", "cert-dir");

    private KubeletSettings() {
    }

    /**
     * The KubeletConfig of a configured node whose static pods are served at {@code staticPodUrl}; empty without a
     * cluster section.
     */
    public static Optional<dev.anvil.machinery.resources.k8s.KubeletConfig> config(ConfigBundle bundle,
            String staticPodUrl) {
        V1Alpha1 config = bundle.v1alpha1().orElse(null);
        if (config == null || config.machine() == null || config.cluster() == null) {
            return Optional.empty();
        }
        KubeletConfig kubelet = config.machine().kubelet();
        var cluster = config.cluster();
        List<String> dns = kubelet != null && kubelet.clusterDNS() != null && !kubelet.clusterDNS().isEmpty()
                ? kubelet.clusterDNS()
                : ClusterSettings.serviceSubnets(cluster).stream().map(s -> ClusterSettings.host(s, 10).toString())
                        .toList();
        Map<String, dev.anvil.machinery.resources.k8s.KubeletConfig.ArgValues> extra = new TreeMap<>();
        if (kubelet != null && kubelet.extraArgs() != null) {
            kubelet.extraArgs().forEach((k, v) -> extra.put(k, new dev.anvil.machinery.resources.k8s.KubeletConfig
                    .ArgValues(v.single() != null ? List.of(v.single()) : v.many())));
        }
        Struct extraConfig = kubelet == null || kubelet.extraConfig() == null ? Struct.EMPTY
                : Struct.of(asMap(kubelet.extraConfig().value()));
        String image = kubelet == null || kubelet.image() == null ? "" : kubelet.image();
        return Optional.of(new dev.anvil.machinery.resources.k8s.KubeletConfig(image, dns,
                ClusterSettings.dnsDomain(cluster), extraConfig,
                kubelet != null && Boolean.TRUE.equals(kubelet.skipNodeRegistration()), staticPodUrl,
                kubelet != null && Boolean.TRUE.equals(kubelet.disableManifestsDirectory()), extra));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The kubelet's spec on a node of this name and these addresses (the first is its node IP). */
    public static KubeletSpec spec(dev.anvil.machinery.resources.k8s.KubeletConfig config, String nodename,
            List<String> nodeIps, boolean controlPlane) {
        Map<String, ArgValue> extra = new LinkedHashMap<>();
        config.extraArgs().forEach((k, v) -> extra.put(k, new ArgValue(null, v.values())));
        Args args = new Args()
                .set("bootstrap-kubeconfig", BOOTSTRAP_KUBECONFIG)
                .set("cert-dir", "/var/lib/kubelet/pki")
                .set("config", CONFIG_FILE)
                .set("container-runtime-endpoint", CRI_SOCKET)
                .set("hostname-override", nodename)
                .set("kubeconfig", KUBECONFIG);
        if (!nodeIps.isEmpty() && !extra.containsKey("node-ip")) {
            args.set("node-ip", nodeIps.getFirst());
        }
        args.merge(extra, Set.of(), DENIED, "machine.kubelet.extraArgs");
        return new KubeletSpec(config.image(), args.flags(), nodename, Struct.of(configuration(config, controlPlane)));
    }

    /** The KubeletConfiguration object: Talos's defaults, then the config's extraConfig over them. */
    static Map<String, Object> configuration(dev.anvil.machinery.resources.k8s.KubeletConfig config,
            boolean controlPlane) {
        Map<String, Object> kubelet = object(
                "apiVersion", "kubelet.config.k8s.io/v1beta1",
                "kind", "KubeletConfiguration",
                "address", "0.0.0.0",
                "authentication", object("anonymous", object("enabled", false),
                        "webhook", object("enabled", true), "x509", object("clientCAFile", CA_FILE)),
                "authorization", object("mode", "Webhook"),
                "cgroupRoot", "/",
                "clusterDNS", config.clusterDns(),
                "clusterDomain", config.clusterDomain(),
                "containerRuntimeEndpoint", "unix://" + CRI_SOCKET,
                "failSwapOn", false,
                "logging", object("format", "json"),
                "port", 10250,
                "protectKernelDefaults", true,
                "rotateCertificates", true,
                "serverTLSBootstrap", true,
                "shutdownGracePeriod", "30s",
                "shutdownGracePeriodCriticalPods", "10s",
                "staticPodPath", config.disableManifestsDirectory() ? null : MANIFESTS,
                "staticPodURL", config.staticPodListUrl().isEmpty() ? null : config.staticPodListUrl(),
                "systemReserved", object("cpu", "50m", "memory", controlPlane ? "512Mi" : "384Mi", "pid", "100",
                        "ephemeral-storage", "256Mi"),
                "tlsMinVersion", "VersionTLS13");
        kubelet.putAll(config.extraConfig().fields());
        return kubelet;
    }

    /** The KubeletConfiguration file's text. */
    public static String configurationYaml(KubeletSpec spec) {
        return Yaml.dump(spec.config().fields());
    }
}
