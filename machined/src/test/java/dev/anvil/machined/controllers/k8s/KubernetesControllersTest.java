package dev.anvil.machined.controllers.k8s;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machined.controllers.secrets.KubeletController;
import dev.anvil.machined.controllers.secrets.KubernetesController;
import dev.anvil.machined.controllers.secrets.KubernetesDynamicCertsController;
import dev.anvil.machined.controllers.secrets.RootKubernetesController;
import dev.anvil.machined.kubernetes.StaticPodFiles;
import dev.anvil.machinery.generate.ConfigGenerator;
import dev.anvil.machinery.generate.GenerateOptions;
import dev.anvil.machinery.pki.CertificateKeys;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.resources.k8s.KubeletSpec;
import dev.anvil.machinery.resources.k8s.Manifest;
import dev.anvil.machinery.resources.k8s.ManifestStatus;
import dev.anvil.machinery.resources.k8s.StaticPod;
import dev.anvil.machinery.resources.k8s.StaticPodServerStatus;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.NodeAddress;
import dev.anvil.machinery.resources.secrets.KubeletSecret;
import dev.anvil.machinery.resources.secrets.KubernetesCerts;
import dev.anvil.machinery.resources.secrets.KubernetesDynamicCerts;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;
import dev.anvil.machinery.secrets.SecretsBundle;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes controllers over a real runtime, from a generated control-plane config: the PKI (every certificate
 * signed by its CA, the API server's names as Talos's), the kubeconfigs (parsed by fabric8's kubeconfig parser), the
 * static pods and bootstrap manifests (parsed into fabric8's Kubernetes API types), the kubelet's spec, and the
 * files on disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesControllersTest {
    private RuntimeHarness harness;
    private String config;
    private Path root;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        root = dir;
        SecretsBundle secrets = SecretsBundle.generate(Instant.now(), new SecureRandom());
        config = ConfigGenerator.generate(secrets, GenerateOptions.defaults("k8s-test", "https://10.213.32.2:6443"))
                .controlPlane();
        config = config.replaceFirst("(?m)^cluster:\n", """
                cluster:
                  inlineManifests:
                    - name: extra-namespace
                      contents: |
                        apiVersion: v1
                        kind: Namespace
                        metadata:
                          name: extra
                """);
        harness = new RuntimeHarness(new RootKubernetesController(), new KubeletController(),
                new KubernetesDynamicCertsController(InstantSource.system()),
                new KubernetesController(InstantSource.system()), new ControlPlaneStaticPodController(),
                new StaticPodServerController(), new ManifestController(), new ManifestApplyController(), new KubeletConfigController(), new KubeletSpecController(),
                new KubernetesFilesController(root));
        harness.state.create(Resource.of(HostnameStatus.KIND.pointer("hostname"), new HostnameStatus("cp-1", "")),
                "network.HostnameSpecController");
        var addresses = new NodeAddress(List.of(NetIpPrefix.parse("10.213.32.2/24")), NodeAddress.SortAlgorithm.V1);
        harness.state.create(Resource.of(NodeAddress.KIND.pointer(NodeAddress.ACCUMULATIVE_ID), addresses),
                "network.NodeAddressController");
        harness.state.create(Resource.of(NodeAddress.KIND.pointer(NodeAddress.CURRENT_ID), addresses),
                "network.NodeAddressController");
        harness.config(config);
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Test
    void dynamicCerts_areSignedByTheirCAs_andTheApiServerNamesAreTalos() throws Exception {
        KubernetesRoot rootSecrets = harness.awaitMatching(KubernetesRoot.POINTER, KubernetesRoot.class, r -> true);
        KubernetesDynamicCerts certs = harness.awaitMatching(KubernetesDynamicCerts.POINTER,
                KubernetesDynamicCerts.class, c -> true);
        X509Certificate ca = PemCodec.parseCertificate(rootSecrets.issuingCA().certificatePem());
        X509Certificate aggregator = PemCodec.parseCertificate(rootSecrets.aggregatorCA().certificatePem());
        X509Certificate server = PemCodec.parseCertificate(certs.apiServer().certificatePem());
        server.verify(ca.getPublicKey());
        PemCodec.parseCertificate(certs.apiServerKubeletClient().certificatePem()).verify(ca.getPublicKey());
        PemCodec.parseCertificate(certs.frontProxy().certificatePem()).verify(aggregator.getPublicKey());
        assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        Set<String> dns = new TreeSet<>();
        Set<String> ips = new TreeSet<>();
        for (List<?> san : server.getSubjectAlternativeNames()) {
            ((Integer) san.get(0) == 2 ? dns : ips).add((String) san.get(1));
        }
        assertThat(dns).containsExactlyInAnyOrder("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local", "localhost", "cp-1");
        assertThat(ips).containsExactlyInAnyOrder("10.213.32.2", "10.96.0.1", "127.0.0.1");
        assertThat(PemCodec.parseCertificate(certs.apiServerKubeletClient().certificatePem())
                .getSubjectX500Principal().getName()).contains("CN=apiserver-kubelet-client", "O=system:masters");
        // the CA follows the server's certificate, as Talos appends it
        assertThat(certs.apiServer().certificatePem()).endsWith(rootSecrets.issuingCA().certificatePem());
    }

    @Test
    void kubeconfigs_parseAsKubeconfigs_withClientCertificatesFromTheCA() throws Exception {
        KubernetesRoot rootSecrets = harness.awaitMatching(KubernetesRoot.POINTER, KubernetesRoot.class, r -> true);
        KubernetesCerts certs = harness.awaitMatching(KubernetesCerts.POINTER, KubernetesCerts.class, c -> true);
        X509Certificate ca = PemCodec.parseCertificate(rootSecrets.issuingCA().certificatePem());
        Map<String, String> expected = Map.of(certs.adminKubeconfig(), "https://10.213.32.2:6443",
                certs.controllerManagerKubeconfig(), "https://localhost:6443",
                certs.schedulerKubeconfig(), "https://localhost:6443");
        for (var e : expected.entrySet()) {
            var parsed = KubeConfigUtils.parseConfigFromString(e.getKey());
            assertThat(parsed.getClusters()).singleElement().satisfies(c -> {
                assertThat(c.getName()).isEqualTo("k8s-test");
                assertThat(c.getCluster().getServer()).isEqualTo(e.getValue());
            });
            NamedContext context = parsed.getContexts().getFirst();
            assertThat(parsed.getCurrentContext()).isEqualTo(context.getName());
            String certificate = new String(Base64.getDecoder().decode(parsed.getUsers().getFirst().getUser()
                    .getClientCertificateData()));
            PemCodec.parseCertificate(certificate).verify(ca.getPublicKey());
        }
        var scheduler = KubeConfigUtils.parseConfigFromString(certs.schedulerKubeconfig());
        assertThat(scheduler.getUsers().getFirst().getName()).isEqualTo("system:kube-scheduler@k8s-test");
    }

    @Test
    void staticPods_areKubernetesPods_withTalosFlagsVolumesAndHostNetwork() throws Exception {
        harness.awaitMatching(StaticPod.KIND.pointer("kube-scheduler"), StaticPod.class, p -> true);
        Map<String, StaticPod> pods = harness.all(StaticPod.KIND, StaticPod.class);
        assertThat(pods).containsOnlyKeys("kube-apiserver", "kube-controller-manager", "kube-scheduler");
        Pod apiServer = parse(StaticPodFiles.yaml(pods.get("kube-apiserver")), Pod.class);
        assertThat(apiServer.getSpec().getHostNetwork()).isTrue();
        var container = apiServer.getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("registry.k8s.io/kube-apiserver:v"
                + GenerateOptions.DEFAULT_KUBERNETES_VERSION);
        assertThat(container.getCommand()).startsWith("/usr/local/bin/kube-apiserver").contains(
                "--etcd-servers=https://localhost:2379", "--secure-port=6443",
                "--service-cluster-ip-range=10.96.0.0/12", "--enable-bootstrap-token-auth=true",
                "--tls-cert-file=/system/secrets/kubernetes/kube-apiserver/apiserver.crt",
                "--service-account-issuer=https://10.213.32.2:6443");
        assertThat(apiServer.getSpec().getVolumes()).extracting(v -> v.getHostPath().getPath()).contains(
                "/system/secrets/kubernetes/kube-apiserver", "/system/config/kubernetes/kube-apiserver");
        assertThat(apiServer.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(65534L);
        Pod controllerManager = parse(StaticPodFiles.yaml(pods.get("kube-controller-manager")), Pod.class);
        assertThat(controllerManager.getSpec().getContainers().getFirst().getCommand())
                .contains("--cluster-cidr=10.244.0.0/16", "--allocate-node-cidrs=true");
        Pod scheduler = parse(StaticPodFiles.yaml(pods.get("kube-scheduler")), Pod.class);
        assertThat(scheduler.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(root.resolve("system/secrets/kubernetes/kube-apiserver/apiserver.key")).exists();
        assertThat(root.resolve("system/secrets/kubernetes/kube-scheduler/kubeconfig")).exists();
    }

    /** As Talos: the kubelet reads the static pods from machined over loopback HTTP, not from files. */
    @Test
    void staticPods_areServedAsAPodList_atTheUrlTheKubeletConfigNames() throws Exception {
        harness.awaitMatching(StaticPod.KIND.pointer("kube-scheduler"), StaticPod.class, p -> true);
        String url = harness.awaitMatching(StaticPodServerStatus.POINTER, StaticPodServerStatus.class,
                s -> !s.url().isEmpty()).url();
        assertThat(url).matches("http://127\\.0\\.0\\.1:[0-9]+");
        KubeletSpec spec = harness.awaitMatching(KubeletSpec.POINTER, KubeletSpec.class,
                s -> url.equals(s.config().fields().get("staticPodURL")));
        assertThat(spec.config().fields()).containsEntry("staticPodURL", url);

        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        PodList list = parse(response.body(), PodList.class);
        assertThat(list.getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly("kube-apiserver", "kube-controller-manager", "kube-scheduler");
        assertThat(list.getItems().getFirst().getSpec().getContainers().getFirst().getCommand())
                .contains("--secure-port=6443");
        assertThat(root.resolve("etc/kubernetes/manifests/talos-kube-apiserver.yaml")).doesNotExist();
    }

    /** kube-apiserver's --service-account-key-file names service-account.pub: the signing key's public key. */
    @Test
    void serviceAccountPublicKey_isWritten_whereTheApiServerFlagPoints() throws Exception {
        StaticPod pod = harness.awaitMatching(StaticPod.KIND.pointer("kube-apiserver"), StaticPod.class, p -> true);
        String flag = parse(StaticPodFiles.yaml(pod), Pod.class).getSpec().getContainers().getFirst().getCommand()
                .stream().filter(a -> a.startsWith("--service-account-key-file=")).findFirst().orElseThrow();
        Path pub = root.resolve(flag.substring(flag.indexOf('=') + 2));
        org.awaitility.Awaitility.await().until(() -> Files.exists(pub));
        KubernetesRoot k8s = harness.find(KubernetesRoot.POINTER, KubernetesRoot.class).orElseThrow();
        var block = PemCodec.decode(Files.readString(pub));
        assertThat(block.type()).isEqualTo("PUBLIC KEY");
        var privateKey = PemCodec.parsePrivateKey(k8s.serviceAccount().pem());
        var publicKey = java.security.KeyFactory.getInstance(privateKey.getAlgorithm()).generatePublic(
                new java.security.spec.X509EncodedKeySpec(block.der()));
        assertThat(CertificateKeys.matches(publicKey, privateKey)).as("the signing key's tokens verify with it")
                .isTrue();
    }

    @Test
    void bootstrapManifests_areKubernetesObjects_ofTheirKinds() throws Exception {
        harness.awaitMatching(Manifest.KIND.pointer("99-extra-namespace"), Manifest.class, m -> true);
        Map<String, Manifest> manifests = harness.all(Manifest.KIND, Manifest.class);
        assertThat(manifests).containsOnlyKeys("00-kubelet-bootstrapping-token", "01-csr-approver-role-binding",
                "01-csr-node-bootstrap", "01-csr-renewal-role-binding", "05-flannel", "10-kube-proxy",
                "11-core-dns", "11-core-dns-svc", "11-kube-config-in-cluster", "99-extra-namespace");
        List<HasMetadata> all = new ArrayList<>();
        for (Manifest m : manifests.values()) {
            for (Manifest.Item item : m.items()) {
                all.add(Serialization.unmarshal(Serialization.asJson(item.object().fields())));
            }
        }
        assertThat(all).extracting(o -> o.getClass().getSimpleName()).contains("Secret", "ClusterRoleBinding",
                "ClusterRole", "ServiceAccount", "ConfigMap", "DaemonSet", "Deployment", "Service", "Namespace");
        String token = harness.find(KubeletSecret.POINTER, KubeletSecret.class).orElseThrow().bootstrapTokenId();
        Secret secret = one(all, Secret.class);
        assertThat(secret.getType()).isEqualTo("bootstrap.kubernetes.io/token");
        assertThat(secret.getMetadata().getName()).isEqualTo("bootstrap-token-" + token);
        DaemonSet flannel = named(all, DaemonSet.class, "kube-flannel");
        assertThat(flannel.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
        assertThat(flannel.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .startsWith("ghcr.io/siderolabs/flannel:");
        assertThat(named(all, ConfigMap.class, "kube-flannel-cfg").getData().get("net-conf.json"))
                .contains("\"Network\": \"10.244.0.0/16\"");
        DaemonSet proxy = named(all, DaemonSet.class, "kube-proxy");
        assertThat(proxy.getSpec().getTemplate().getSpec().getContainers().getFirst().getCommand())
                .contains("--cluster-cidr=10.244.0.0/16", "--proxy-mode=iptables");
        Deployment coredns = named(all, Deployment.class, "coredns");
        assertThat(coredns.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .startsWith("registry.k8s.io/coredns/coredns:");
        assertThat(named(all, Service.class, "kube-dns").getSpec().getClusterIP()).isEqualTo("10.96.0.10");
        assertThat(named(all, ConfigMap.class, "coredns").getData().get("Corefile")).contains("cluster.local");
        assertThat(named(all, ServiceAccount.class, "coredns").getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(named(all, ClusterRole.class, "flannel").getRules()).isNotEmpty();
        assertThat(named(all, ClusterRoleBinding.class, "system-bootstrap-node-bootstrapper").getRoleRef().getName())
                .isEqualTo("system:node-bootstrapper");
        String kubeconfig = named(all, ConfigMap.class, "kubeconfig-in-cluster").getData().get("kubeconfig");
        assertThat(KubeConfigUtils.parseConfigFromString(kubeconfig).getClusters().getFirst().getCluster()
                .getServer()).isEqualTo("https://localhost:6443");
    }

    @Test
    void bootstrapManifests_sayTheyWaitForTheApiServer() {
        harness.awaitMatching(Manifest.KIND.pointer("99-extra-namespace"), Manifest.class, m -> true);
        ManifestStatus status = harness.awaitMatching(ManifestStatus.POINTER, ManifestStatus.class,
                s -> s.waiting().contains("10 bootstrap manifests"));
        assertThat(status.manifestsApplied()).isEmpty();
        assertThat(status.waiting()).startsWith("waiting for the Kubernetes API server at https://localhost:6443");
    }

    @Test
    void kubelet_specFlagsConfigurationAndBootstrapKubeconfig() throws Exception {
        KubeletSpec spec = harness.awaitMatching(KubeletSpec.POINTER, KubeletSpec.class, s -> true);
        assertThat(spec.args()).contains("--config=/etc/kubernetes/kubelet.yaml", "--hostname-override=cp-1",
                "--node-ip=10.213.32.2", "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubeconfig");
        assertThat(spec.config().fields()).containsEntry("kind", "KubeletConfiguration")
                .containsEntry("clusterDNS", List.of("10.96.0.10"))
                // generated configs set machine.kubelet.disableManifestsDirectory, as Talos's do
                .doesNotContainKey("staticPodPath");
        Path bootstrap = root.resolve("etc/kubernetes/bootstrap-kubeconfig");
        org.awaitility.Awaitility.await().until(() -> Files.exists(bootstrap));
        var parsed = KubeConfigUtils.parseConfigFromString(Files.readString(bootstrap));
        KubeletSecret secret = harness.find(KubeletSecret.POINTER, KubeletSecret.class).orElseThrow();
        assertThat(parsed.getUsers().getFirst().getUser().getToken())
                .isEqualTo(secret.bootstrapTokenId() + "." + secret.bootstrapTokenSecret());
        assertThat(Files.readString(root.resolve("etc/kubernetes/kubelet.yaml"))).contains("kind: KubeletConfiguration");
    }

    private static <T> T parse(String yaml, Class<T> type) {
        return Serialization.unmarshal(yaml, type);
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> all, Class<T> type) {
        List<T> of = all.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(of).hasSize(1);
        return of.getFirst();
    }

    private static <T extends HasMetadata> T named(List<HasMetadata> all, Class<T> type, String name) {
        return all.stream().filter(type::isInstance).map(type::cast).filter(o -> o.getMetadata().getName()
                .equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " "
                + name + " in " + all.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.joining(", "))));
    }
}
