package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.v1alpha1.ClusterConfig;
import dev.anvil.machinery.config.v1alpha1.Components;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rules for the {@code cluster:} section of the v1alpha1 document. */
final class ClusterRules {

    private static final Set<String> HTTP = Set.of("http", "https");
    private static final Set<String> CNI = Set.of("flannel", "custom", "none");
    private static final Set<String> PROXY_MODES = Set.of("iptables", "ipvs", "nftables");

    private ClusterRules() {
    }

    static void check(Findings f, V1Alpha1 doc) {
        ClusterConfig c = doc.cluster();
        if (c == null) {
            f.error(doc, "cluster", "cluster is required");
            return;
        }
        boolean controlPlane = MachineRules.isControlPlane(doc);
        if (c.controlPlane() == null) {
            f.warning(doc, "cluster.controlPlane", "no control plane endpoint here; it must come from another document");
        } else if (Pki.isEmpty(c.controlPlane().endpoint())) {
            f.error(doc, "cluster.controlPlane.endpoint", "the control plane endpoint is required");
        } else {
            f.check(doc, "cluster.controlPlane.endpoint", c.controlPlane().endpoint(), v -> Formats.url(v, HTTP));
        }
        if (c.controlPlane() != null && c.controlPlane().localAPIServerPort() != null) {
            MachineRules.port(f, doc, "cluster.controlPlane.localAPIServerPort",
                    c.controlPlane().localAPIServerPort());
        }
        if (Pki.isEmpty(c.token())) {
            f.warning(doc, "cluster.token", "no bootstrap token: kubelets cannot join the cluster with it");
        } else {
            f.check(doc, "cluster.token", c.token(), Formats::token);
        }
        network(f, doc, c.network(), controlPlane);
        if (c.ca() != null) {
            Pki.checkCa(f, doc, "cluster.ca", c.ca(), controlPlane ? Pki.KeyRule.REQUIRED : Pki.KeyRule.FORBIDDEN);
        }
        Pki.checkCerts(f, doc, "cluster.acceptedCAs", c.acceptedCAs());
        if (controlPlane) {
            Pki.checkPair(f, doc, "cluster.aggregatorCA", c.aggregatorCA());
            if (c.serviceAccount() != null) {
                Pki.checkKey(f, doc, "cluster.serviceAccount.key", c.serviceAccount().key());
            }
            etcd(f, doc, c.etcd());
        } else {
            if (c.etcd() != null) {
                f.error(doc, "cluster.etcd", "etcd settings are only allowed on control-plane nodes");
            }
            // Talos accepts these on workers but never uses them there; a worker should not hold the secrets
            unusedOnWorker(f, doc, "cluster.aggregatorCA", c.aggregatorCA() != null && !Pki.isEmpty(c.aggregatorCA().key()));
            unusedOnWorker(f, doc, "cluster.serviceAccount", c.serviceAccount() != null);
            unusedOnWorker(f, doc, "cluster.secretboxEncryptionSecret", !Pki.isEmpty(c.secretboxEncryptionSecret()));
            unusedOnWorker(f, doc, "cluster.aescbcEncryptionSecret", !Pki.isEmpty(c.aescbcEncryptionSecret()));
        }
        if (!Pki.isEmpty(c.secretboxEncryptionSecret())) {
            f.check(doc, "cluster.secretboxEncryptionSecret", c.secretboxEncryptionSecret(),
                    v -> Formats.base64OfLength(v, 32));
        }
        if (!Pki.isEmpty(c.aescbcEncryptionSecret())) {
            f.check(doc, "cluster.aescbcEncryptionSecret", c.aescbcEncryptionSecret(),
                    v -> Formats.base64OfLength(v, 32));
        }
        discovery(f, doc, c);
        f.checkAll(doc, "cluster.extraManifests", c.extraManifests(), v -> Formats.url(v, HTTP));
        inlineManifests(f, doc, c.inlineManifests());
        if (c.adminKubeconfig() != null) {
            f.check(doc, "cluster.adminKubeconfig.certLifetime", c.adminKubeconfig().certLifetime(),
                    Formats::duration);
        }
        if (c.proxy() != null && c.proxy().mode() != null && !PROXY_MODES.contains(c.proxy().mode())) {
            f.error(doc, "cluster.proxy.mode", "proxy mode must be one of " + PROXY_MODES);
        }
        apiServer(f, doc, c.apiServer());
        if (c.allowSchedulingOnMasters() != null && c.allowSchedulingOnControlPlanes() != null) {
            f.warning(doc, "cluster.allowSchedulingOnMasters",
                    "both allowSchedulingOnMasters and allowSchedulingOnControlPlanes are set; the latter wins");
        }
    }

    private static void unusedOnWorker(Findings f, V1Alpha1 doc, String path, boolean present) {
        if (present) {
            f.warning(doc, path, "control-plane-only setting on a worker: it is not used and should not be here");
        }
    }

    private static void network(Findings f, V1Alpha1 doc, ClusterConfig.Network network, boolean controlPlane) {
        if (network == null) {
            return;
        }
        f.check(doc, "cluster.network.dnsDomain", network.dnsDomain(), Formats::hostname);
        f.checkAll(doc, "cluster.network.podSubnets", network.podSubnets(), Formats::cidr);
        f.checkAll(doc, "cluster.network.serviceSubnets", network.serviceSubnets(), Formats::cidr);
        var cni = network.cni();
        if (cni != null && controlPlane) {
            if (cni.name() == null || !CNI.contains(cni.name())) {
                f.error(doc, "cluster.network.cni.name", "CNI name must be one of " + CNI);
            } else if (cni.name().equals("custom") && (cni.urls() == null || cni.urls().isEmpty())) {
                f.error(doc, "cluster.network.cni.urls", "a custom CNI needs manifest URLs");
            } else if (!cni.name().equals("custom") && cni.urls() != null && !cni.urls().isEmpty()) {
                f.error(doc, "cluster.network.cni.urls", "URLs are only used with the custom CNI");
            }
            f.checkAll(doc, "cluster.network.cni.urls", cni.urls(), v -> Formats.url(v, HTTP));
        }
    }

    private static void etcd(Findings f, V1Alpha1 doc, Components.Etcd etcd) {
        if (etcd == null) {
            return;
        }
        if (etcd.ca() != null) {
            Pki.checkCa(f, doc, "cluster.etcd.ca", etcd.ca(), Pki.KeyRule.REQUIRED);
        }
        f.checkAll(doc, "cluster.etcd.advertisedSubnets", etcd.advertisedSubnets(), Formats::subnetFilter);
        f.checkAll(doc, "cluster.etcd.listenSubnets", etcd.listenSubnets(), Formats::subnetFilter);
    }

    private static void discovery(Findings f, V1Alpha1 doc, ClusterConfig c) {
        var discovery = c.discovery();
        if (!Pki.isEmpty(c.id())) {
            f.check(doc, "cluster.id", c.id(), v -> Formats.base64EitherAlphabetOfLength(v, 32));
        }
        if (!Pki.isEmpty(c.secret())) {
            f.check(doc, "cluster.secret", c.secret(), v -> Formats.base64OfLength(v, 32));
        }
        if (discovery == null || !Boolean.TRUE.equals(discovery.enabled())) {
            return;
        }
        var service = discovery.registries() == null ? null : discovery.registries().service();
        boolean serviceDisabled = service != null && Boolean.TRUE.equals(service.disabled());
        if (!serviceDisabled) {
            if (Pki.isEmpty(c.id())) {
                f.error(doc, "cluster.id", "the discovery service needs the cluster id");
            }
            if (Pki.isEmpty(c.secret())) {
                f.error(doc, "cluster.secret", "the discovery service needs the cluster secret");
            }
            if (service != null) {
                f.check(doc, "cluster.discovery.registries.service.endpoint", service.endpoint(),
                        v -> Formats.url(v, Set.of("https", "http")));
            }
        }
    }

    private static void inlineManifests(Findings f, V1Alpha1 doc, List<ClusterConfig.InlineManifest> manifests) {
        if (manifests == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < manifests.size(); i++) {
            String name = manifests.get(i).name();
            String path = "cluster.inlineManifests[" + i + "].name";
            if (Pki.isEmpty(name)) {
                f.error(doc, path, "an inline manifest needs a name");
            } else if (!names.add(name)) {
                f.error(doc, path, "duplicate inline manifest name \"" + name + "\"");
            }
        }
    }

    private static void apiServer(Findings f, V1Alpha1 doc, Components.ApiServer apiServer) {
        if (apiServer == null) {
            return;
        }
        f.checkAll(doc, "cluster.apiServer.certSANs", apiServer.certSANs(), MachineRules::hostOrIp);
        if (apiServer.admissionControl() != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < apiServer.admissionControl().size(); i++) {
                String name = apiServer.admissionControl().get(i).name();
                if (Pki.isEmpty(name) || !names.add(name)) {
                    f.error(doc, "cluster.apiServer.admissionControl[" + i + "].name",
                            "admission plugins need distinct, non-empty names");
                }
            }
        }
        if (apiServer.extraVolumes() != null) {
            for (int i = 0; i < apiServer.extraVolumes().size(); i++) {
                var volume = apiServer.extraVolumes().get(i);
                if (volume.hostPath() == null || !volume.hostPath().startsWith("/")
                        || volume.mountPath() == null || !volume.mountPath().startsWith("/")) {
                    f.error(doc, "cluster.apiServer.extraVolumes[" + i + "]",
                            "hostPath and mountPath must be absolute paths");
                }
            }
        }
    }
}
