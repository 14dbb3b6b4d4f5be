package dev.anvil.machined.controllers.k8s;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.controllers.files.FileWrites;
import dev.anvil.machined.kubernetes.Kubeconfigs;
import dev.anvil.machined.kubernetes.KubeletSettings;
import dev.anvil.machined.kubernetes.StaticPodFiles;
import dev.anvil.machinery.resources.k8s.KubeletSpec;
import dev.anvil.machinery.resources.secrets.KubeletSecret;
import dev.anvil.machinery.resources.secrets.KubernetesCerts;
import dev.anvil.machinery.resources.secrets.KubernetesDynamicCerts;
import dev.anvil.machinery.resources.secrets.KubernetesRoot;
import dev.anvil.machinery.resources.secrets.PemCertificate;
import dev.anvil.machinery.resources.secrets.PemKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Puts the Kubernetes resources on disk where the kubelet and the control-plane pods read them (Talos's
 * RenderSecretsStaticPod and kubelet file controllers): the kubelet's configuration, bootstrap kubeconfig and CA,
 * and the components' certificates, keys and kubeconfigs under {@code /system/secrets/kubernetes}. The static pods
 * are not files: the kubelet reads them from {@link StaticPodServerController}'s URL. It writes files only, so it
 * declares no outputs.
 */
public final class KubernetesFilesController implements Controller {
    private final Path root;

    /** Files go under {@code root} ({@code /} on a node; a temporary directory in tests). */
    public KubernetesFilesController(Path root) {
        this.root = root;
    }

    @Override
    public String name() {
        return "k8s.KubernetesFilesController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(KubeletSpec.KIND.namespace(), KubeletSpec.TYPE),
                Input.weak(KubeletSecret.KIND.namespace(), KubeletSecret.TYPE),
                Input.weak(KubernetesRoot.KIND.namespace(), KubernetesRoot.TYPE),
                Input.weak(KubernetesDynamicCerts.KIND.namespace(), KubernetesDynamicCerts.TYPE),
                Input.weak(KubernetesCerts.KIND.namespace(), KubernetesCerts.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of();
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        try {
            removeStaticPodFiles();
            kubelet(ctx);
            secrets(ctx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The kubelet gets the static pods from the static pod server, as in Talos; files an older machined wrote into
     * the manifests directory would run the same pods twice, so they go.
     */
    private void removeStaticPodFiles() throws IOException {
        Path dir = file(KubeletSettings.MANIFESTS);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    if (StaticPodFiles.ours(f.getFileName().toString())) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }

    private void kubelet(ReconcileContext ctx) throws IOException {
        Optional<KubeletSpec> spec = Specs.find(ctx, KubeletSpec.POINTER, KubeletSpec.class).map(Resource::spec);
        if (spec.isPresent()) {
            FileWrites.replaceIfChanged(file(KubeletSettings.CONFIG_FILE),
                    bytes(KubeletSettings.configurationYaml(spec.get())), 0644);
        }
        Optional<KubeletSecret> secret = Specs.find(ctx, KubeletSecret.POINTER, KubeletSecret.class)
                .map(Resource::spec);
        if (secret.isPresent()) {
            KubeletSecret s = secret.get();
            FileWrites.replaceIfChanged(file(KubeletSettings.BOOTSTRAP_KUBECONFIG), bytes(Kubeconfigs.bootstrap(
                    s.endpoint().fullPath(), s.acceptedCAs(), s.bootstrapTokenId(), s.bootstrapTokenSecret())), 0600);
            FileWrites.replaceIfChanged(file(KubeletSettings.CA_FILE), bytes(pems(s.acceptedCAs())), 0644);
        }
    }

    private void secrets(ReconcileContext ctx) throws IOException {
        Optional<KubernetesRoot> root = Specs.find(ctx, KubernetesRoot.POINTER, KubernetesRoot.class)
                .map(Resource::spec);
        if (root.isEmpty()) {
            return;
        }
        KubernetesRoot r = root.get();
        String apiServer = "/system/secrets/kubernetes/kube-apiserver/";
        String controllerManager = "/system/secrets/kubernetes/kube-controller-manager/";
        String scheduler = "/system/secrets/kubernetes/kube-scheduler/";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(apiServer + "ca.crt", pems(r.acceptedCAs()));
        if (r.serviceAccount() != null) {
            files.put(apiServer + "service-account.key", r.serviceAccount().pem());
            files.put(controllerManager + "service-account.key", r.serviceAccount().pem());
        }
        if (!r.serviceAccountAcceptedKeys().isEmpty()) {
            // kube-apiserver's --service-account-key-file: the keys whose tokens it accepts
            files.put(apiServer + "service-account.pub",
                    r.serviceAccountAcceptedKeys().stream().map(PemKey::pem).collect(Collectors.joining()));
        }
        if (r.aggregatorCA() != null) {
            files.put(apiServer + "aggregator-ca.crt", r.aggregatorCA().certificatePem());
        }
        Specs.find(ctx, KubernetesDynamicCerts.POINTER, KubernetesDynamicCerts.class).map(Resource::spec)
                .ifPresent(d -> {
                    files.put(apiServer + "apiserver.crt", d.apiServer().certificatePem());
                    files.put(apiServer + "apiserver.key", d.apiServer().keyPem());
                    files.put(apiServer + "apiserver-kubelet-client.crt", d.apiServerKubeletClient().certificatePem());
                    files.put(apiServer + "apiserver-kubelet-client.key", d.apiServerKubeletClient().keyPem());
                    if (d.frontProxy() != null) {
                        files.put(apiServer + "front-proxy-client.crt", d.frontProxy().certificatePem());
                        files.put(apiServer + "front-proxy-client.key", d.frontProxy().keyPem());
                    }
                });
        files.put(controllerManager + "ca.crt", r.issuingCA().certificatePem());
        files.put(controllerManager + "ca.key", r.issuingCA().keyPem());
        Specs.find(ctx, KubernetesCerts.POINTER, KubernetesCerts.class).map(Resource::spec).ifPresent(c -> {
            files.put(controllerManager + "kubeconfig", c.controllerManagerKubeconfig());
            files.put(scheduler + "kubeconfig", c.schedulerKubeconfig());
        });
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path path = file(e.getKey());
            Files.createDirectories(path.getParent());
            FileWrites.replaceIfChanged(path, bytes(e.getValue()), 0600);
        }
    }

    private Path file(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    private static String pems(List<PemCertificate> certificates) {
        return certificates.stream().map(PemCertificate::pem).collect(Collectors.joining());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
