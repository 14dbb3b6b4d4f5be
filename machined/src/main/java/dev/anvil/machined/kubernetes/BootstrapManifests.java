package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.config.v1alpha1.ClusterConfig;
import dev.anvil.machinery.config.v1alpha1.Components;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.anvil.machined.kubernetes.K8sObjects.hostPathVolume;
import static dev.anvil.machined.kubernetes.K8sObjects.list;
import static dev.anvil.machined.kubernetes.K8sObjects.metadata;
import static dev.anvil.machined.kubernetes.K8sObjects.mount;
import static dev.anvil.machined.kubernetes.K8sObjects.object;

/**
 * The objects a control plane applies when the cluster is bootstrapped, by Talos's manifest IDs (the prefix orders
 * them): the bootstrap token and the RBAC that lets kubelets join with it, flannel (the default CNI), kube-proxy,
 * CoreDNS and its service, and the in-cluster kubeconfig. Talos's k8stemplates, written as maps.
 */
public final class BootstrapManifests {
    static final String FLANNEL_IMAGE = "ghcr.io/siderolabs/flannel:v0.28.9";
    static final String COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.14.7";
    private static final String KUBE_SYSTEM = "kube-system";

    private BootstrapManifests() {
    }

    public static Map<String, List<Map<String, Object>>> all(ClusterConfig cluster, KubernetesRoot root) {
        Map<String, List<Map<String, Object>>> manifests = new TreeMap<>();
        manifests.put("00-kubelet-bootstrapping-token", List.of(bootstrapToken(root)));
        manifests.put("01-csr-node-bootstrap", List.of(binding("system-bootstrap-node-bootstrapper",
                "system:node-bootstrapper", "system:bootstrappers")));
        manifests.put("01-csr-approver-role-binding", List.of(binding("system-bootstrap-approve-node-client-csr",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "system:bootstrappers")));
        manifests.put("01-csr-renewal-role-binding", List.of(binding("system-bootstrap-node-renewal",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes")));
        manifests.put("11-kube-config-in-cluster", List.of(inClusterKubeconfig(cluster)));
        if (cluster.coreDNS() == null || !Boolean.TRUE.equals(cluster.coreDNS().disabled())) {
            manifests.put("11-core-dns", coreDns(cluster, root));
            manifests.put("11-core-dns-svc", List.of(coreDnsService(cluster)));
        }
        String cni = cluster.network() == null || cluster.network().cni() == null
                || cluster.network().cni().name() == null ? "flannel" : cluster.network().cni().name();
        if (cni.equals("flannel")) {
            manifests.put("05-flannel", flannel(cluster));
        }
        if (cluster.proxy() == null || !Boolean.TRUE.equals(cluster.proxy().disabled())) {
            manifests.put("10-kube-proxy", kubeProxy(cluster));
        }
        return manifests;
    }

    static Map<String, Object> bootstrapToken(KubernetesRoot root) {
        return object("apiVersion", "v1", "kind", "Secret",
                "metadata", metadata("bootstrap-token-" + root.bootstrapTokenId(), KUBE_SYSTEM, null),
                "type", "bootstrap.kubernetes.io/token",
                "stringData", object("token-id", root.bootstrapTokenId(), "token-secret", root.bootstrapTokenSecret(),
                        "usage-bootstrap-authentication", "true", "usage-bootstrap-signing", "true"));
    }

    static Map<String, Object> binding(String name, String role, String group) {
        return object("apiVersion", "rbac.authorization.k8s.io/v1", "kind", "ClusterRoleBinding",
                "metadata", metadata(name, null, null),
                "roleRef", object("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", role),
                "subjects", list(object("apiGroup", "rbac.authorization.k8s.io", "kind", "Group", "name", group)));
    }

    private static Map<String, Object> serviceAccountBinding(String name, String role, String account) {
        return object("apiVersion", "rbac.authorization.k8s.io/v1", "kind", "ClusterRoleBinding",
                "metadata", metadata(name, null, null),
                "roleRef", object("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", role),
                "subjects", list(object("kind", "ServiceAccount", "name", account, "namespace", KUBE_SYSTEM)));
    }

    private static Map<String, Object> serviceAccount(String name) {
        return object("apiVersion", "v1", "kind", "ServiceAccount", "metadata", metadata(name, KUBE_SYSTEM, null));
    }

    private static Map<String, Object> rule(List<Object> groups, List<Object> resources, List<Object> verbs) {
        return object("apiGroups", groups, "resources", resources, "verbs", verbs);
    }

    static Map<String, Object> inClusterKubeconfig(ClusterConfig cluster) {
        String kubeconfig = Yaml.dump(object("apiVersion", "v1", "kind", "Config",
                "clusters", list(object("name", "local", "cluster", object(
                        "server", "https://localhost:" + ClusterSettings.localPort(cluster),
                        "certificate-authority", "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"))),
                "users", list(object("name", "service-account", "user",
                        object("tokenFile", "/var/run/secrets/kubernetes.io/serviceaccount/token"))),
                "contexts", list(object("name", "local", "context",
                        object("cluster", "local", "user", "service-account"))),
                "current-context", "local"));
        return object("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", metadata("kubeconfig-in-cluster", KUBE_SYSTEM, null),
                "data", object("kubeconfig", kubeconfig));
    }

    static List<Map<String, Object>> coreDns(ClusterConfig cluster, KubernetesRoot root) {
        String domain = ClusterSettings.dnsDomain(cluster);
        Map<String, Object> labels = object("k8s-app", "kube-dns", "kubernetes.io/name", "CoreDNS");
        String corefile = """
                .:53 {
                    errors
                    health {
                        lameduck 5s
                    }
                    ready
                    log . {
                        class error
                    }
                    prometheus :9153
                    kubernetes %s in-addr.arpa ip6.arpa {
                        pods insecure
                        fallthrough in-addr.arpa ip6.arpa
                        ttl 30
                    }
                    forward . /etc/resolv.conf {
                       max_concurrent 1000
                    }
                    cache 30 {
                        disable success %s
                        disable denial %s
                    }
                    loop
                    reload
                    loadbalance
                }
                """.formatted(domain, domain, domain);
        String image = cluster.coreDNS() != null && cluster.coreDNS().image() != null
                && !cluster.coreDNS().image().isBlank() ? cluster.coreDNS().image() : COREDNS_IMAGE;
        Map<String, Object> container = object(
                "name", "coredns", "image", image, "imagePullPolicy", "IfNotPresent",
                "args", list("-conf", "/etc/coredns/Corefile"),
                "resources", object("limits", object("memory", "170Mi"), "requests",
                        object("cpu", "100m", "memory", "70Mi")),
                "volumeMounts", list(mount("config-volume", "/etc/coredns", true)),
                "ports", list(object("containerPort", 53, "name", "dns", "protocol", "UDP"),
                        object("containerPort", 53, "name", "dns-tcp", "protocol", "TCP"),
                        object("containerPort", 9153, "name", "metrics", "protocol", "TCP")),
                "securityContext", object("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true,
                        "capabilities", object("add", list("NET_BIND_SERVICE"), "drop", list("ALL"))),
                "livenessProbe", object("httpGet", object("path", "/health", "port", 8080, "scheme", "HTTP"),
                        "initialDelaySeconds", 60, "timeoutSeconds", 5, "successThreshold", 1, "failureThreshold", 5),
                "readinessProbe", object("httpGet", object("path", "/ready", "port", 8181, "scheme", "HTTP")));
        Map<String, Object> deployment = object("apiVersion", "apps/v1", "kind", "Deployment",
                "metadata", metadata("coredns", KUBE_SYSTEM, labels),
                "spec", object("replicas", 2,
                        "strategy", object("type", "RollingUpdate", "rollingUpdate", object("maxUnavailable", 1)),
                        "selector", object("matchLabels", object("k8s-app", "kube-dns")),
                        "template", object("metadata", object("labels", labels),
                                "spec", object("priorityClassName", "system-cluster-critical",
                                        "serviceAccountName", "coredns",
                                        "tolerations", list(object("key", "node-role.kubernetes.io/control-plane",
                                                "operator", "Exists", "effect", "NoSchedule")),
                                        "nodeSelector", object("kubernetes.io/os", "linux"),
                                        "containers", list(container),
                                        "dnsPolicy", "Default",
                                        "volumes", list(object("name", "config-volume", "configMap", object(
                                                "name", "coredns", "items", list(object("key", "Corefile",
                                                        "path", "Corefile")))))))));
        Map<String, Object> role = object("apiVersion", "rbac.authorization.k8s.io/v1", "kind", "ClusterRole",
                "metadata", metadata("system:coredns", null, null),
                "rules", list(rule(list(""), list("endpoints", "services", "pods", "namespaces"), list("list", "watch")),
                        rule(list("discovery.k8s.io"), list("endpointslices"), list("list", "watch"))));
        return List.of(role, serviceAccountBinding("system:coredns", "system:coredns", "coredns"),
                serviceAccount("coredns"),
                object("apiVersion", "v1", "kind", "ConfigMap", "metadata", metadata("coredns", KUBE_SYSTEM, null),
                        "data", object("Corefile", corefile)),
                deployment);
    }

    static Map<String, Object> coreDnsService(ClusterConfig cluster) {
        List<String> ips = new ArrayList<>();
        for (String subnet : ClusterSettings.serviceSubnets(cluster)) {
            ips.add(ClusterSettings.host(subnet, 10).toString());
        }
        return object("apiVersion", "v1", "kind", "Service",
                "metadata", object("name", "kube-dns", "namespace", KUBE_SYSTEM,
                        "labels", object("k8s-app", "kube-dns", "kubernetes.io/cluster-service", "true",
                                "kubernetes.io/name", "CoreDNS"),
                        "annotations", object("prometheus.io/port", "9153", "prometheus.io/scrape", "true")),
                "spec", object("selector", object("k8s-app", "kube-dns"), "clusterIP", ips.getFirst(),
                        "clusterIPs", ips,
                        "ports", list(object("name", "dns", "port", 53, "protocol", "UDP", "targetPort", 53),
                                object("name", "dns-tcp", "port", 53, "protocol", "TCP", "targetPort", 53),
                                object("name", "metrics", "port", 9153, "protocol", "TCP", "targetPort", 9153))));
    }

    static List<Map<String, Object>> flannel(ClusterConfig cluster) {
        List<String> pods = ClusterSettings.podSubnets(cluster);
        String netConf = "{\n  \"Network\": \"" + pods.getFirst() + "\",\n  \"Backend\": {\n    \"Type\": \"vxlan\",\n"
                + "    \"Port\": 4789\n  }\n}\n";
        String cniConf = """
                {
                  "name": "cbr0",
                  "cniVersion": "1.0.0",
                  "plugins": [
                    {
                      "type": "flannel",
                      "delegate": {
                        "hairpinMode": true,
                        "isDefaultGateway": true
                      }
                    },
                    {
                      "type": "portmap",
                      "capabilities": {
                        "portMappings": true
                      }
                    }
                  ]
                }
                """;
        List<String> args = new ArrayList<>(List.of("--ip-masq", "--kube-subnet-mgr"));
        if (cluster.network() != null && cluster.network().cni() != null && cluster.network().cni().flannel() != null
                && cluster.network().cni().flannel().extraArgs() != null) {
            args.addAll(cluster.network().cni().flannel().extraArgs());
        }
        Map<String, Object> labels = object("tier", "node", "k8s-app", "flannel", "app", "flannel");
        Map<String, Object> env = object("name", "POD_NAME", "valueFrom",
                object("fieldRef", object("fieldPath", "metadata.name")));
        Map<String, Object> daemonSet = object("apiVersion", "apps/v1", "kind", "DaemonSet",
                "metadata", metadata("kube-flannel", KUBE_SYSTEM, labels),
                "spec", object("selector", object("matchLabels", object("k8s-app", "flannel")),
                        "template", object("metadata", object("labels", labels),
                                "spec", object("priorityClassName", "system-node-critical",
                                        "serviceAccountName", "flannel",
                                        "hostNetwork", true,
                                        "tolerations", list(object("operator", "Exists", "effect", "NoSchedule"),
                                                object("operator", "Exists", "effect", "NoExecute")),
                                        "nodeSelector", object("kubernetes.io/os", "linux"),
                                        "initContainers", list(object("name", "install-config", "image", FLANNEL_IMAGE,
                                                "command", list("cp", "/etc/kube-flannel/cni-conf.json",
                                                        "/etc/cni/net.d/10-flannel.conflist"),
                                                "volumeMounts", list(mount("cni", "/etc/cni/net.d", false),
                                                        mount("flannel-cfg", "/etc/kube-flannel/", false)))),
                                        "containers", list(object("name", "kube-flannel", "image", FLANNEL_IMAGE,
                                                "command", list("/opt/bin/flanneld"), "args", args,
                                                "resources", object("requests", object("cpu", "100m",
                                                        "memory", "50Mi")),
                                                "securityContext", object("privileged", false, "capabilities",
                                                        object("add", list("NET_ADMIN", "NET_RAW"))),
                                                "env", list(env, object("name", "POD_NAMESPACE", "valueFrom",
                                                        object("fieldRef", object("fieldPath", "metadata.namespace"))),
                                                        object("name", "EVENT_QUEUE_DEPTH", "value", "5000")),
                                                "volumeMounts", list(mount("run", "/run/flannel", false),
                                                        mount("flannel-cfg", "/etc/kube-flannel/", false),
                                                        mount("xtables-lock", "/run/xtables.lock", false)))),
                                        "volumes", list(hostPathVolume("run", "/run/flannel"),
                                                hostPathVolume("cni", "/etc/cni/net.d"),
                                                object("name", "flannel-cfg", "configMap",
                                                        object("name", "kube-flannel-cfg")),
                                                object("name", "xtables-lock", "hostPath",
                                                        object("path", "/run/xtables.lock",
                                                                "type", "FileOrCreate")))))));
        Map<String, Object> role = object("apiVersion", "rbac.authorization.k8s.io/v1", "kind", "ClusterRole",
                "metadata", metadata("flannel", null, null),
                "rules", list(rule(list(""), list("pods"), list("get")),
                        rule(list(""), list("nodes"), list("get", "list", "watch")),
                        rule(list(""), list("nodes/status"), list("patch"))));
        return List.of(role, serviceAccountBinding("flannel", "flannel", "flannel"), serviceAccount("flannel"),
                object("apiVersion", "v1", "kind", "ConfigMap",
                        "metadata", metadata("kube-flannel-cfg", KUBE_SYSTEM, object("tier", "node", "app", "flannel")),
                        "data", object("cni-conf.json", cniConf, "net-conf.json", netConf)),
                daemonSet);
    }

    static List<Map<String, Object>> kubeProxy(ClusterConfig cluster) {
        Components.Proxy proxy = cluster.proxy();
        String image = proxy != null && proxy.image() != null && !proxy.image().isBlank() ? proxy.image()
                : "registry.k8s.io/kube-proxy:v" + dev.anvil.machinery.generate.GenerateOptions.DEFAULT_KUBERNETES_VERSION;
        Args flags = new Args()
                .set("cluster-cidr", String.join(",", ClusterSettings.podSubnets(cluster)))
                .set("hostname-override", "$(NODE_NAME)")
                .set("kubeconfig", "/etc/kubernetes/kubeconfig")
                .set("proxy-mode", proxy == null || proxy.mode() == null ? "iptables" : proxy.mode())
                .set("conntrack-max-per-core", "0")
                .merge(proxy == null ? null : proxy.extraArgs(), java.util.Set.of(), java.util.Set.of(),
                        "cluster.proxy.extraArgs");
        Map<String, Object> labels = object("tier", "node", "k8s-app", "kube-proxy");
        Map<String, Object> daemonSet = object("apiVersion", "apps/v1", "kind", "DaemonSet",
                "metadata", metadata("kube-proxy", KUBE_SYSTEM, labels),
                "spec", object("selector", object("matchLabels", labels),
                        "updateStrategy", object("type", "RollingUpdate"),
                        "template", object("metadata", object("labels", labels),
                                "spec", object("priorityClassName", "system-node-critical",
                                        "serviceAccountName", "kube-proxy",
                                        "hostNetwork", true,
                                        "tolerations", list(object("operator", "Exists", "effect", "NoSchedule"),
                                                object("operator", "Exists", "effect", "NoExecute")),
                                        "containers", list(object("name", "kube-proxy", "image", image,
                                                "command", flags.command("/usr/local/bin/kube-proxy"),
                                                "env", list(object("name", "NODE_NAME", "valueFrom",
                                                        object("fieldRef", object("fieldPath", "spec.nodeName")))),
                                                "securityContext", object("privileged", true),
                                                "volumeMounts", list(mount("lib-modules", "/lib/modules", true),
                                                        mount("ssl-certs-host", "/etc/ssl/certs", true),
                                                        mount("kubeconfig", "/etc/kubernetes", true)))),
                                        "volumes", list(hostPathVolume("lib-modules", "/lib/modules"),
                                                hostPathVolume("ssl-certs-host", "/etc/ssl/certs"),
                                                object("name", "kubeconfig", "configMap",
                                                        object("name", "kubeconfig-in-cluster")))))));
        return List.of(serviceAccount("kube-proxy"),
                serviceAccountBinding("kube-proxy", "system:node-proxier", "kube-proxy"), daemonSet);
    }
}
