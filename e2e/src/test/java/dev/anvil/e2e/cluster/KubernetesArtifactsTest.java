package dev.anvil.e2e.cluster;

import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.sys.Child;
import dev.anvil.sys.Namespaces;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kubernetes layer of a one-control-plane container-mode cluster, read over the API as a user reads it: the
 * static pods and bootstrap manifests ({@code get staticpods}, {@code get manifests}, printed as Talos prints them),
 * the static pods as the kubelet fetches them (HTTP on the node's loopback), the bootstrap manifests' status waiting
 * for the API server, service-account.pub where the API server's flag points, the admin kubeconfig
 * ({@code anvilctl kubeconfig}, checked by kubectl when the host has it, else by fabric8's kubeconfig parser, and
 * merged into an existing file), and the kubelet service, which has no binary here and says so, as health does.
 */
@Tag("e2e")
class KubernetesArtifactsTest {
    private static final String CIDR = "10.213.32.0/24";

    @TempDir
    Path home;
    private String name;

    @AfterEach
    void destroy() throws Exception {
        if (name != null) {
            LocalNodes.destroyCluster(home, name);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void staticPods_manifests_kubeconfig_andAKubeletWithoutItsBinary() throws Exception {
        name = "k8s" + (ProcessHandle.current().pid() % 10000);
        String created = LocalNodes.anvilctl(home, "cluster", "create", "--name", name, "--cidr", CIDR,
                "--wait-timeout", "2m");
        assertThat(created).contains("cluster " + name + " is healthy")
                .contains("waiting for kubelet to be running: SKIPPED: ")
                .contains("kubelet binary not found at /usr/local/bin/kubelet");
        ClusterState state = ClusterState.load(home.resolve("clusters").resolve(name));
        String cp = state.nodes().getFirst().ip();

        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                LocalNodes.anvilctl(home, "--context", name, "get", "staticpods"))
                .contains("kube-apiserver", "kube-controller-manager", "kube-scheduler"));
        String apiServer = LocalNodes.anvilctl(home, "--context", name, "get", "staticpods", "kube-apiserver",
                "-o", "yaml");
        assertThat(apiServer).contains("hostNetwork: true", "--etcd-servers=https://localhost:2379",
                "image: registry.k8s.io/kube-apiserver:");
        // the spec is the pod itself, as talosctl prints it
        assertThat(apiServer).contains("spec:\n    apiVersion: v1\n").doesNotContain("    pod:\n");
        assertThat(LocalNodes.anvilctl(home, "--context", name, "get", "manifests")).contains(
                "00-kubelet-bootstrapping-token", "05-flannel", "10-kube-proxy", "11-core-dns");
        assertThat(LocalNodes.anvilctl(home, "--context", name, "get", "manifests", "05-flannel", "-o", "yaml"))
                .contains("spec:\n    -   apiVersion: ").doesNotContain("items:");
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(LocalNodes.anvilctl(home, "--context",
                name, "get", "manifeststatuses", "-o", "yaml")).contains(
                "waiting: waiting for the Kubernetes API server at https://localhost:6443 to apply"));

        // the static pods reach the kubelet as in Talos: a PodList over HTTP on the node's loopback
        Path nodeDir = state.nodes().getFirst().dir();
        assertThat(nodeDir.resolve("etc/kubernetes/manifests/talos-kube-apiserver.yaml")).doesNotExist();
        String url = await().atMost(30, TimeUnit.SECONDS).until(() -> LocalNodes.anvilctl(home, "--context", name,
                "get", "staticpodserverstatuses", "-o", "yaml").lines().map(String::strip)
                .filter(l -> l.startsWith("url: ")).map(l -> l.substring(5)).findFirst().orElse(""),
                u -> !u.isEmpty());
        assertThat(Files.readString(nodeDir.resolve("etc/kubernetes/kubelet.yaml"))).contains("staticPodURL: " + url);
        long nodePid = LocalNodes.nodePid(state.nodes().getFirst().launcherPid());
        URI uri = URI.create(url);
        String response = LocalNodes.inNamespace(nodePid, "net", Namespaces.CLONE_NEWNET, () -> {
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.getOutputStream().write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        assertThat(response).startsWith("HTTP/1.1 200");
        PodList pods = Serialization.unmarshal(response.substring(response.indexOf("\r\n\r\n") + 4), PodList.class);
        assertThat(pods.getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactly("kube-apiserver", "kube-controller-manager", "kube-scheduler");
        // and kube-apiserver's service account key file is where its flag says
        assertThat(apiServer).contains("--service-account-key-file=/system/secrets/kubernetes/kube-apiserver/"
                + "service-account.pub");
        assertThat(Files.readString(nodeDir.resolve("system/secrets/kubernetes/kube-apiserver/service-account.pub")))
                .startsWith("-----BEGIN PUBLIC KEY-----");

        // the kubeconfig, written whole into a new file, then merged into one with a clashing cluster
        Path dir = Files.createDirectories(home.resolve("kube"));
        LocalNodes.anvilctl(home, "--context", name, "kubeconfig", dir.toString());
        Path kubeconfig = dir.resolve("kubeconfig");
        assertThat(Files.getPosixFilePermissions(kubeconfig)).hasSize(2);
        Config parsed = KubeConfigUtils.parseConfig(kubeconfig.toFile());
        assertThat(parsed.getCurrentContext()).isEqualTo("admin@" + name);
        assertThat(parsed.getClusters().getFirst().getCluster().getServer()).isEqualTo("https://" + cp + ":6443");
        assertThat(parsed.getUsers().getFirst().getUser().getClientKeyData()).isNotEmpty();
        String other = Files.readString(kubeconfig).replace("https://" + cp + ":6443", "https://192.0.2.1:6443");
        Path merged = dir.resolve("merged");
        Files.writeString(merged, other);
        LocalNodes.anvilctl(home, "--context", name, "kubeconfig", merged.toString());
        Config both = KubeConfigUtils.parseConfig(merged.toFile());
        assertThat(both.getContexts()).hasSize(2);
        assertThat(both.getCurrentContext()).isEqualTo("admin@" + name + "-1");
        if (Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
            assertThat(kubectl("config", "view", "--kubeconfig", kubeconfig.toString(), "-o",
                    "jsonpath={.clusters[0].cluster.server}")).isEqualTo("https://" + cp + ":6443");
            assertThat(kubectl("config", "current-context", "--kubeconfig", merged.toString()).strip())
                    .isEqualTo("admin@" + name + "-1");
        }

        // the kubelet: skipped, saying where it looked, and not restarted over and over
        String services = LocalNodes.anvilctl(home, "--context", name, "service");
        assertThat(services).containsPattern("kubelet\\s+Skipped");
        String kubelet = LocalNodes.anvilctl(home, "--context", name, "service", "kubelet");
        assertThat(kubelet).contains("kubelet binary not found at /usr/local/bin/kubelet");
        assertThat(LocalNodes.anvilctl(home, "--context", name, "health")).contains(
                "waiting for kubelet to be running: SKIPPED: " + cp + ": kubelet binary not found at");
    }

    private String kubectl(String... args) throws Exception {
        List<String> all = List.of(args);
        Child child = Spawner.spawn(new ProcessSpec("/usr/bin/kubectl", all, Map.of("PATH",
                "/usr/sbin:/usr/bin:/sbin:/bin", "HOME", home.toString()), ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exit().get(1, TimeUnit.MINUTES).success()).as("kubectl %s: %s", all, output).isTrue();
        return output;
    }
}
