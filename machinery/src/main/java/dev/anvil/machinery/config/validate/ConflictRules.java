package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.document.HostnameConfig;
import dev.anvil.machinery.config.document.KubeNodeConfig;
import dev.anvil.machinery.config.document.KubeletConfig;
import dev.anvil.machinery.config.document.ResolverConfig;
import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.document.VolumeConfig;
import dev.anvil.machinery.config.v1alpha1.ClusterConfig;
import dev.anvil.machinery.config.v1alpha1.MachineConfig;
import dev.anvil.machinery.config.v1alpha1.NetworkConfig;

/**
 * A setting may be made in the v1alpha1 document or in its newer multi-document kind, never both: as in Talos, a
 * document that would take over a setting the v1alpha1 document already makes is an error.
 */
final class ConflictRules {

    private ConflictRules() {
    }

    static void check(Findings f, ConfigBundle config) {
        V1Alpha1 v1 = config.v1alpha1().orElse(null);
        if (v1 == null) {
            return;
        }
        MachineConfig m = v1.machine();
        NetworkConfig network = m == null ? null : m.network();
        ClusterConfig cluster = v1.cluster();
        for (ConfigDocument doc : config.documents()) {
            switch (doc) {
                case HostnameConfig h -> {
                    conflict(f, h, network != null && network.hostname() != null, "machine.network.hostname");
                    conflict(f, h, m != null && m.features() != null
                            && Boolean.TRUE.equals(m.features().stableHostname()), "machine.features.stableHostname");
                }
                case ResolverConfig r -> {
                    conflict(f, r, network != null && network.nameservers() != null, "machine.network.nameservers");
                    conflict(f, r, network != null && network.searchDomains() != null,
                            "machine.network.searchDomains");
                    conflict(f, r, network != null && Boolean.TRUE.equals(network.disableSearchDomain()),
                            "machine.network.disableSearchDomain");
                    conflict(f, r, r.hostDNS() != null && m != null && m.features() != null
                            && m.features().hostDNS() != null, "machine.features.hostDNS");
                }
                case KubeletConfig k -> conflict(f, k, m != null && m.kubelet() != null, "machine.kubelet");
                case KubeNodeConfig n -> {
                    var kubelet = m == null ? null : m.kubelet();
                    conflict(f, n, kubelet != null && kubelet.skipNodeRegistration() != null,
                            "machine.kubelet.skipNodeRegistration");
                    conflict(f, n, kubelet != null && kubelet.registerWithFQDN() != null,
                            "machine.kubelet.registerWithFQDN");
                    conflict(f, n, kubelet != null && kubelet.nodeIP() != null, "machine.kubelet.nodeIP");
                    conflict(f, n, m != null && m.nodeLabels() != null, "machine.nodeLabels");
                    conflict(f, n, m != null && m.nodeAnnotations() != null, "machine.nodeAnnotations");
                    conflict(f, n, m != null && m.nodeTaints() != null, "machine.nodeTaints");
                    conflict(f, n, cluster != null && cluster.allowSchedulingOnControlPlanes() != null,
                            "cluster.allowSchedulingOnControlPlanes");
                    conflict(f, n, cluster != null && cluster.allowSchedulingOnMasters() != null,
                            "cluster.allowSchedulingOnMasters");
                }
                case VolumeConfig v when v.encryption() != null && m != null && m.systemDiskEncryption() != null -> {
                    var legacy = m.systemDiskEncryption();
                    conflict(f, v, "STATE".equals(v.name()) && legacy.state() != null,
                            "machine.systemDiskEncryption.state");
                    conflict(f, v, "EPHEMERAL".equals(v.name()) && legacy.ephemeral() != null,
                            "machine.systemDiskEncryption.ephemeral");
                }
                default -> {
                }
            }
        }
    }

    private static void conflict(Findings f, ConfigDocument doc, boolean v1alpha1Sets, String v1alpha1Path) {
        if (v1alpha1Sets) {
            f.error(doc, "", v1alpha1Path + " is already set in the v1alpha1 document; set it in one place only");
        }
    }
}
