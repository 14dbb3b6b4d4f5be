package dev.anvil.machinery.generate;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigEncoder;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.ConfigProblem;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.patch.ConfigPatcher;
import dev.anvil.machinery.config.v1alpha1.ClusterConfig;
import dev.anvil.machinery.config.v1alpha1.Components;
import dev.anvil.machinery.config.v1alpha1.FeaturesConfig;
import dev.anvil.machinery.config.v1alpha1.InstallConfig;
import dev.anvil.machinery.config.v1alpha1.KubeletConfig;
import dev.anvil.machinery.config.v1alpha1.MachineConfig;
import dev.anvil.machinery.config.v1alpha1.NetworkConfig;
import dev.anvil.machinery.config.v1alpha1.Pem;
import dev.anvil.machinery.config.validate.ValidationMode;
import dev.anvil.machinery.config.validate.Validator;
import dev.anvil.machinery.secrets.SecretsBundle;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code controlplane.yaml} and {@code worker.yaml} from a secrets bundle and {@link GenerateOptions}, with the
 * content {@code talosctl gen config} gives them (Talos 1.10 layout: one v1alpha1 document). The output is a pure
 * function of its inputs: nothing random or time-dependent is added, maps are ordered, so the same bundle and
 * options give byte-identical files. Patches go through {@link ConfigPatcher}; the result must validate (in cloud
 * mode, which asks nothing of the install target) or generation fails with every problem.
 */
public final class ConfigGenerator {

    private ConfigGenerator() {
    }

    /** Both configs; throws {@link IllegalArgumentException} naming the problems of bad options or patches. */
    public static GeneratedConfigs generate(SecretsBundle secrets, GenerateOptions options) {
        URI endpoint = endpoint(options.endpoint());
        String controlPlane = finish("controlplane.yaml", encode(controlPlane(secrets, options, endpoint)),
                concat(options.patches(), options.controlPlanePatches()));
        String worker = finish("worker.yaml", encode(worker(secrets, options)),
                concat(options.patches(), options.workerPatches()));
        return new GeneratedConfigs(controlPlane, worker);
    }

    static V1Alpha1 controlPlane(SecretsBundle secrets, GenerateOptions options, URI endpoint) {
        var machine = machine("controlplane", secrets.certs().os(), secrets, options);
        List<String> apiServerSans = new ArrayList<>();
        apiServerSans.add(endpoint.getHost());
        apiServerSans.addAll(options.additionalSans());
        String version = "v" + options.kubernetesVersion();
        var apiServer = new Components.ApiServer("registry.k8s.io/kube-apiserver:" + version, null, null, null,
                apiServerSans, null,
                List.of(new Components.AdmissionPlugin("PodSecurity",
                        KubernetesDefaults.yaml(KubernetesDefaults.POD_SECURITY))),
                KubernetesDefaults.yaml(KubernetesDefaults.AUDIT_POLICY), null, null);
        var cluster = new ClusterConfig(secrets.cluster().id(), secrets.cluster().secret(),
                new ClusterConfig.ControlPlane(options.endpoint(), null), options.clusterName(), network(options),
                secrets.secrets().bootstrapToken(), secrets.secrets().aescbcEncryptionSecret(),
                secrets.secrets().secretboxEncryptionSecret(), secrets.certs().k8s(), null,
                secrets.certs().k8sAggregator(), secrets.certs().k8sServiceAccount(), apiServer,
                new Components.ControllerManager("registry.k8s.io/kube-controller-manager:" + version, null, null,
                        null, null),
                new Components.Proxy(null, "registry.k8s.io/kube-proxy:" + version, null, null),
                new Components.Scheduler("registry.k8s.io/kube-scheduler:" + version, null, null, null, null, null),
                discovery(), new Components.Etcd(null, secrets.certs().etcd(), null, null, null, null),
                null, null, null, null, null, null, null, null);
        return new V1Alpha1("v1alpha1", false, null, machine, cluster);
    }

    /** A worker gets the CA certificates it must trust but none of their keys, and no control-plane secrets. */
    static V1Alpha1 worker(SecretsBundle secrets, GenerateOptions options) {
        var machine = machine("worker", new Pem.CertAndKey(secrets.certs().os().crt(), ""), secrets, options);
        var cluster = new ClusterConfig(secrets.cluster().id(), secrets.cluster().secret(),
                new ClusterConfig.ControlPlane(options.endpoint(), null), options.clusterName(), network(options),
                secrets.secrets().bootstrapToken(), null, null,
                new Pem.CertAndKey(secrets.certs().k8s().crt(), ""), null, null, null, null, null, null, null,
                discovery(), null, null, null, null, null, null, null, null, null);
        return new V1Alpha1("v1alpha1", false, null, machine, cluster);
    }

    private static MachineConfig machine(String type, Pem.CertAndKey osCa, SecretsBundle secrets,
                                         GenerateOptions options) {
        var kubelet = new KubeletConfig("ghcr.io/siderolabs/kubelet:v" + options.kubernetesVersion(), null, null,
                null, null, null, true, null, null, null, true);
        var network = new NetworkConfig(null, null, null, null, null, null, null);
        var install = new InstallConfig(options.installDisk(), null, null, options.installImage(), null, null, false,
                null, null);
        var features = new FeaturesConfig(true, true, null, true, true,
                new FeaturesConfig.KubePrism(true, KubernetesDefaults.KUBE_PRISM_PORT),
                new FeaturesConfig.HostDns(true, true, null), null, null);
        Map<String, String> labels = type.equals("controlplane")
                ? new TreeMap<>(Map.of(KubernetesDefaults.EXCLUDE_FROM_LB, "")) : null;
        return new MachineConfig(type, secrets.trustdInfo().token(), osCa, null, options.additionalSans(), null,
                kubelet, null, network, null, install, null, null, null, null, null, null, null, features, null, null,
                null, null, null, labels, null, null);
    }

    private static ClusterConfig.Network network(GenerateOptions options) {
        return new ClusterConfig.Network(null, options.dnsDomain(), List.of(KubernetesDefaults.POD_SUBNET),
                List.of(KubernetesDefaults.SERVICE_SUBNET));
    }

    private static ClusterConfig.Discovery discovery() {
        return new ClusterConfig.Discovery(true, new ClusterConfig.Registries(new ClusterConfig.Disabled(true),
                new ClusterConfig.Service(null, null)));
    }

    private static URI endpoint(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            // like talosctl, suggest the likely intent for a bare host or host:port
            boolean bare = !text.contains("/") && !text.isBlank();
            String hint = bare ? " (try \"https://" + (text.contains(":") ? text : text + ":6443") + "\")" : "";
            throw new IllegalArgumentException("the cluster endpoint must be https://HOST[:PORT], got \"" + text
                    + "\"" + hint);
        }
        return uri;
    }

    private static String encode(V1Alpha1 document) {
        return ConfigEncoder.encode(new ConfigBundle(List.of(document)));
    }

    private static String finish(String name, String config, List<String> patches) {
        String text = config;
        if (!patches.isEmpty()) {
            var patched = ConfigPatcher.apply(config, patches);
            if (!patched.ok()) {
                throw new IllegalArgumentException(name + ": " + describe(patched.problems()));
            }
            text = patched.yaml();
        }
        List<ConfigProblem> errors = Validator.validate(ConfigLoader.load(text, false), ValidationMode.CLOUD, false)
                .stream().filter(ConfigProblem::isError).toList();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(name + " would not be valid: " + describe(errors));
        }
        return text;
    }

    private static String describe(List<ConfigProblem> problems) {
        return problems.stream().filter(ConfigProblem::isError).map(ConfigProblem::toString)
                .collect(Collectors.joining("; "));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
