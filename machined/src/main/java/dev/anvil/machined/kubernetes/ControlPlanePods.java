package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.config.v1alpha1.ClusterConfig;
import dev.anvil.machinery.config.v1alpha1.Components;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.anvil.machined.kubernetes.K8sObjects.hostPathVolume;
import static dev.anvil.machined.kubernetes.K8sObjects.list;
import static dev.anvil.machined.kubernetes.K8sObjects.mount;
import static dev.anvil.machined.kubernetes.K8sObjects.object;

/**
 * The static pods of a control plane (Talos's ControlPlane*Final controllers and k8stemplates): kube-apiserver,
 * kube-controller-manager and kube-scheduler, each on the host network, with Talos's flags, its secrets and config
 * mounted from the host paths Talos uses, and as its user.
 */
public final class ControlPlanePods {
    public static final String API_SERVER = "kube-apiserver";
    public static final String CONTROLLER_MANAGER = "kube-controller-manager";
    public static final String SCHEDULER = "kube-scheduler";
    static final String SECRETS = "/system/secrets/kubernetes";
    static final String CONFIG = "/system/config/kubernetes";
    static final String AUDIT_LOG = "/var/log/audit/kube";

    private ControlPlanePods() {
    }

    /** The three pods by ID; fails naming the path of an extra arg that may not be overridden. */
    public static Map<String, Map<String, Object>> all(ClusterConfig cluster, KubernetesRoot root) {
        Map<String, Map<String, Object>> pods = new LinkedHashMap<>();
        pods.put(API_SERVER, apiServer(cluster, root));
        pods.put(CONTROLLER_MANAGER, controllerManager(cluster));
        pods.put(SCHEDULER, scheduler(cluster));
        return pods;
    }

    static Map<String, Object> apiServer(ClusterConfig cluster, KubernetesRoot root) {
        Components.ApiServer config = cluster.apiServer();
        String secrets = SECRETS + "/" + API_SERVER;
        String configDir = CONFIG + "/" + API_SERVER;
        Args args = new Args()
                .set("admission-control-config-file", configDir + "/admission-control-config.yaml")
                .set("allow-privileged", "true")
                .set("anonymous-auth", "false")
                .set("api-audiences", String.join(",", root.apiAudiences()))
                .set("audit-log-maxage", "30").set("audit-log-maxbackup", "10").set("audit-log-maxsize", "100")
                .set("audit-log-path", AUDIT_LOG + "/kube-apiserver.log")
                .set("audit-policy-file", configDir + "/auditpolicy.yaml")
                .set("authorization-mode", "Node,RBAC")
                .set("bind-address", "0.0.0.0")
                .set("client-ca-file", secrets + "/ca.crt")
                .set("enable-admission-plugins", "NodeRestriction")
                .set("enable-bootstrap-token-auth", "true")
                .set("encryption-provider-config", secrets + "/encryptionconfig.yaml")
                .set("etcd-cafile", secrets + "/etcd-client-ca.crt")
                .set("etcd-certfile", secrets + "/etcd-client.crt")
                .set("etcd-keyfile", secrets + "/etcd-client.key")
                .set("etcd-servers", "https://localhost:2379")
                .set("kubelet-client-certificate", secrets + "/apiserver-kubelet-client.crt")
                .set("kubelet-client-key", secrets + "/apiserver-kubelet-client.key")
                .set("kubelet-preferred-address-types", "InternalIP,ExternalIP,Hostname")
                .set("profiling", "false")
                .set("proxy-client-cert-file", secrets + "/front-proxy-client.crt")
                .set("proxy-client-key-file", secrets + "/front-proxy-client.key")
                .set("requestheader-allowed-names", "front-proxy-client")
                .set("requestheader-client-ca-file", secrets + "/aggregator-ca.crt")
                .set("requestheader-extra-headers-prefix", "X-Remote-Extra-")
                .set("requestheader-group-headers", "X-Remote-Group")
                .set("requestheader-username-headers", "X-Remote-User")
                .set("secure-port", Integer.toString(ClusterSettings.localPort(cluster)))
                .set("service-account-issuer", root.issuerUrl())
                .set("service-account-key-file", secrets + "/service-account.pub")
                .set("service-account-signing-key-file", secrets + "/service-account.key")
                .set("service-cluster-ip-range", String.join(",", ClusterSettings.serviceSubnets(cluster)))
                .set("tls-cert-file", secrets + "/apiserver.crt")
                .set("tls-min-version", "VersionTLS13")
                .set("tls-private-key-file", secrets + "/apiserver.key")
                .merge(config == null ? null : config.extraArgs(),
                        Set.of("enable-admission-plugins", "feature-gates", "authorization-mode"),
                        Set.of("etcd-servers", "client-ca-file", "requestheader-client-ca-file",
                                "proxy-client-cert-file", "proxy-client-key-file", "encryption-provider-config",
                                "etcd-cafile", "etcd-certfile", "etcd-keyfile", "kubelet-client-certificate",
                                "kubelet-client-key", "service-account-key-file", "service-account-signing-key-file",
                                "tls-cert-file", "tls-min-version", "tls-private-key-file", "authorization-config"),
                        "cluster.apiServer.extraArgs");
        List<Object> mounts = new ArrayList<>(List.of(mount("secrets", secrets, true), mount("config", configDir, true),
                mount("audit", AUDIT_LOG, false)));
        List<Object> volumes = new ArrayList<>(List.of(hostPathVolume("secrets", secrets),
                hostPathVolume("config", configDir), hostPathVolume("audit", AUDIT_LOG)));
        extraVolumes(config == null ? null : config.extraVolumes(), mounts, volumes);
        List<Object> env = new ArrayList<>(List.of(object("name", "POD_IP", "valueFrom",
                object("fieldRef", object("fieldPath", "status.podIP")))));
        env(config == null ? null : config.env(), env);
        return pod(API_SERVER, image(config == null ? null : config.image(), API_SERVER),
                args.command("/usr/local/bin/kube-apiserver"), env, mounts, volumes, 65534, "200m", "512Mi",
                List.of("NET_BIND_SERVICE"));
    }

    static Map<String, Object> controllerManager(ClusterConfig cluster) {
        Components.ControllerManager config = cluster.controllerManager();
        String secrets = SECRETS + "/" + CONTROLLER_MANAGER;
        Args args = new Args()
                .set("allocate-node-cidrs", "true")
                .set("authentication-kubeconfig", secrets + "/kubeconfig")
                .set("authorization-kubeconfig", secrets + "/kubeconfig")
                .set("bind-address", "127.0.0.1")
                .set("cluster-cidr", String.join(",", ClusterSettings.podSubnets(cluster)))
                .set("cluster-signing-cert-file", secrets + "/ca.crt")
                .set("cluster-signing-key-file", secrets + "/ca.key")
                .set("configure-cloud-routes", "false")
                .set("controllers", "*")
                .set("kubeconfig", secrets + "/kubeconfig")
                .set("leader-elect", "true")
                .set("profiling", "false")
                .set("root-ca-file", secrets + "/ca.crt")
                .set("service-account-private-key-file", secrets + "/service-account.key")
                .set("service-cluster-ip-range", String.join(",", ClusterSettings.serviceSubnets(cluster)))
                .set("terminated-pod-gc-threshold", "100")
                .set("tls-min-version", "VersionTLS13")
                .set("use-service-account-credentials", "true")
                .merge(config == null ? null : config.extraArgs(), Set.of("service-cluster-ip-range", "controllers"),
                        Set.of("cluster-signing-cert-file", "cluster-signing-key-file", "authentication-kubeconfig",
                                "authorization-kubeconfig", "root-ca-file", "service-account-private-key-file"),
                        "cluster.controllerManager.extraArgs");
        List<Object> mounts = new ArrayList<>(List.of(mount("secrets", secrets, true)));
        List<Object> volumes = new ArrayList<>(List.of(hostPathVolume("secrets", secrets)));
        extraVolumes(config == null ? null : config.extraVolumes(), mounts, volumes);
        List<Object> env = new ArrayList<>();
        env(config == null ? null : config.env(), env);
        return pod(CONTROLLER_MANAGER, image(config == null ? null : config.image(), CONTROLLER_MANAGER),
                args.command("/usr/local/bin/kube-controller-manager", "--use-service-account-credentials"), env,
                mounts, volumes, 65535, "50m", "256Mi", List.of());
    }

    static Map<String, Object> scheduler(ClusterConfig cluster) {
        Components.Scheduler config = cluster.scheduler();
        String secrets = SECRETS + "/" + SCHEDULER;
        String configDir = CONFIG + "/" + SCHEDULER;
        Args args = new Args()
                .set("authentication-kubeconfig", secrets + "/kubeconfig")
                .set("authentication-tolerate-lookup-failure", "false")
                .set("authorization-kubeconfig", secrets + "/kubeconfig")
                .set("bind-address", "127.0.0.1")
                .set("config", configDir + "/scheduler-config.yaml")
                .set("leader-elect", "true")
                .set("profiling", "false")
                .set("tls-min-version", "VersionTLS13")
                .merge(config == null ? null : config.extraArgs(), Set.of(),
                        Set.of("kubeconfig", "authentication-kubeconfig", "authorization-kubeconfig", "config"),
                        "cluster.scheduler.extraArgs");
        List<Object> mounts = new ArrayList<>(List.of(mount("secrets", secrets, true), mount("config", configDir, true)));
        List<Object> volumes = new ArrayList<>(List.of(hostPathVolume("secrets", secrets),
                hostPathVolume("config", configDir)));
        extraVolumes(config == null ? null : config.extraVolumes(), mounts, volumes);
        List<Object> env = new ArrayList<>();
        env(config == null ? null : config.env(), env);
        return pod(SCHEDULER, image(config == null ? null : config.image(), SCHEDULER),
                args.command("/usr/local/bin/kube-scheduler"), env, mounts, volumes, 65536, "10m", "64Mi", List.of());
    }

    private static Map<String, Object> pod(String name, String image, List<String> command, List<Object> env,
            List<Object> mounts, List<Object> volumes, long user, String cpu, String memory, List<String> caps) {
        Map<String, Object> labels = object("tier", "control-plane", "k8s-app", name, "component", name,
                "app.kubernetes.io/name", name, "app.kubernetes.io/version", version(image),
                "app.kubernetes.io/component", "control-plane", "app.kubernetes.io/managed-by", "Anvil");
        Map<String, Object> container = object(
                "name", name,
                "image", image,
                "command", command,
                "env", env.isEmpty() ? null : env,
                "volumeMounts", mounts,
                "resources", object("requests", object("cpu", cpu, "memory", memory)),
                "securityContext", object("allowPrivilegeEscalation", false, "readOnlyRootFilesystem", true,
                        "capabilities", object("drop", list("ALL"), "add", caps.isEmpty() ? null : caps),
                        "seccompProfile", object("type", "RuntimeDefault")));
        return object(
                "apiVersion", "v1",
                "kind", "Pod",
                "metadata", object("name", name, "namespace", "kube-system", "labels", labels),
                "spec", object(
                        "priorityClassName", "system-cluster-critical",
                        "containers", list(container),
                        "hostNetwork", true,
                        "securityContext", object("runAsNonRoot", true, "runAsUser", user, "runAsGroup", user),
                        "volumes", volumes));
    }

    private static void extraVolumes(List<Components.VolumeMount> extra, List<Object> mounts, List<Object> volumes) {
        if (extra == null) {
            return;
        }
        for (Components.VolumeMount v : extra) {
            String name = v.mountPath().replaceAll("^/", "").replaceAll("[^a-zA-Z0-9-]", "-").toLowerCase();
            mounts.add(mount(name, v.mountPath(), Boolean.TRUE.equals(v.readonly())));
            volumes.add(hostPathVolume(name, v.hostPath()));
        }
    }

    private static void env(Map<String, String> extra, List<Object> env) {
        if (extra != null) {
            extra.forEach((k, v) -> env.add(object("name", k, "value", v)));
        }
    }

    private static String image(String configured, String component) {
        return configured == null || configured.isBlank()
                ? "registry.k8s.io/" + component + ":v" + dev.anvil.machinery.generate.GenerateOptions.DEFAULT_KUBERNETES_VERSION
                : configured;
    }

    /** The tag of an image reference without its leading v, as Talos labels the version. */
    static String version(String image) {
        int at = image.indexOf('@');
        String ref = at < 0 ? image : image.substring(0, at);
        int colon = ref.lastIndexOf(':');
        if (colon < 0 || ref.indexOf('/', colon) >= 0) {
            return "";
        }
        String tag = ref.substring(colon + 1);
        return tag.startsWith("v") ? tag.substring(1) : tag;
    }
}
