package dev.anvil.machinery.config.validate;

import dev.anvil.machinery.config.document.V1Alpha1;
import dev.anvil.machinery.config.v1alpha1.FeaturesConfig;
import dev.anvil.machinery.config.v1alpha1.MachineConfig;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/** Rules for the {@code machine:} section of the v1alpha1 document. */
final class MachineRules {

    static final Set<String> ROLES = Set.of("os:admin", "os:operator", "os:reader", "os:etcd:backup",
            "os:image:verifier", "os:meta:writer", "os:impersonator");
    private static final Set<String> TYPES = Set.of("controlplane", "worker", "init", "join", "");
    private static final Set<String> FILE_OPS = Set.of("create", "append", "overwrite");
    private static final Set<String> DISK_TYPES = Set.of("ssd", "hdd", "nvme", "sd", "cdrom");

    private MachineRules() {
    }

    /** {@code unattendedInstall}: an UnattendedInstallConfig document takes the place of machine.install. */
    static void check(Findings f, V1Alpha1 doc, ValidationMode mode, boolean unattendedInstall) {
        MachineConfig m = doc.machine();
        if (m == null) {
            f.error(doc, "machine", "machine is required");
            return;
        }
        String type = m.type() == null ? "" : m.type();
        if (!TYPES.contains(type)) {
            f.error(doc, "machine.type", "unknown machine type \"" + type + "\" (controlplane or worker)");
        } else if (type.equals("init") || type.equals("join")) {
            f.warning(doc, "machine.type", "\"" + type + "\" is deprecated; use "
                    + (type.equals("init") ? "controlplane" : "worker"));
        }
        boolean controlPlane = isControlPlane(doc);
        if (Pki.isEmpty(m.token())) {
            f.warning(doc, "machine.token", "no machine token: this node cannot join others through trustd");
        } else {
            Formats.token(m.token()).ifPresent(reason -> f.warning(doc, "machine.token", reason));
        }
        boolean acceptedCAs = m.acceptedCAs() != null && !m.acceptedCAs().isEmpty();
        if (controlPlane || !acceptedCAs || m.ca() != null) {
            Pki.checkCa(f, doc, "machine.ca", m.ca(), controlPlane ? Pki.KeyRule.REQUIRED : Pki.KeyRule.FORBIDDEN);
        }
        Pki.checkCerts(f, doc, "machine.acceptedCAs", m.acceptedCAs());
        f.checkAll(doc, "machine.certSANs", m.certSANs(), MachineRules::hostOrIp);
        install(f, doc, m, mode, unattendedInstall);
        files(f, doc, m.files());
        if (m.time() != null) {
            f.check(doc, "machine.time.bootTimeout", m.time().bootTimeout(), Formats::duration);
        }
        if (m.kubelet() != null) {
            f.checkAll(doc, "machine.kubelet.clusterDNS", m.kubelet().clusterDNS(), Formats::ip);
            if (m.kubelet().nodeIP() != null) {
                f.checkAll(doc, "machine.kubelet.nodeIP.validSubnets", m.kubelet().nodeIP().validSubnets(),
                        Formats::subnetFilter);
            }
        }
        features(f, doc, m.features(), controlPlane);
        disks(f, doc, m.disks(), mode);
        if (m.logging() != null && m.logging().destinations() != null) {
            var destinations = m.logging().destinations();
            for (int i = 0; i < destinations.size(); i++) {
                String path = "machine.logging.destinations[" + i + "]";
                String endpoint = destinations.get(i).endpoint();
                if (endpoint == null || endpoint.isEmpty()) {
                    f.error(doc, path + ".endpoint", "the collector's endpoint is required (tcp://host:port or"
                            + " udp://host:port)");
                }
                f.check(doc, path + ".endpoint", endpoint, v -> Formats.url(v, Set.of("udp", "tcp"))
                        .or(() -> URI.create(v).getPort() < 0 ? Optional.of("the endpoint needs a port") : Optional.empty()));
                if (!"json_lines".equals(destinations.get(i).format())) {
                    f.error(doc, path + ".format", "the only log format is json_lines");
                }
            }
        }
        if (mode == ValidationMode.CONTAINER) {
            containerSkips(f, doc, m);
        }
    }

    static boolean isControlPlane(V1Alpha1 doc) {
        return doc.machine() != null && ("controlplane".equals(doc.machine().type())
                || "init".equals(doc.machine().type()));
    }

    private static void install(Findings f, V1Alpha1 doc, MachineConfig m, ValidationMode mode,
                                boolean unattendedInstall) {
        var install = m.install();
        boolean hasTarget = install != null && (!Pki.isEmpty(install.disk()) || install.diskSelector() != null);
        if (mode == ValidationMode.METAL && !hasTarget && !unattendedInstall) {
            f.error(doc, "machine.install", "metal mode needs machine.install.disk or machine.install.diskSelector");
        }
        if (install == null) {
            return;
        }
        if (mode == ValidationMode.METAL && install.extraKernelArgs() != null && !install.extraKernelArgs().isEmpty()
                && Boolean.TRUE.equals(install.grubUseUKICmdline())) {
            f.error(doc, "machine.install.grubUseUKICmdline", "extraKernelArgs and grubUseUKICmdline exclude each other");
        }
        if (mode == ValidationMode.CONTAINER) {
            f.warning(doc, "machine.install", "ignored in container mode: a container-mode node is not installed");
        }
        if (!Pki.isEmpty(install.disk()) && !install.disk().startsWith("/dev/")) {
            f.error(doc, "machine.install.disk", "the install disk must be a /dev/ path");
        }
        var selector = install.diskSelector();
        if (selector != null) {
            if (selector.size() != null && !selector.size().isNumber()) {
                f.check(doc, "machine.install.diskSelector.size", selector.size().text(), Formats::sizeMatcher);
            }
            if (selector.type() != null && !DISK_TYPES.contains(selector.type())) {
                f.error(doc, "machine.install.diskSelector.type", "disk type must be one of " + DISK_TYPES);
            }
        }
    }

    private static void files(Findings f, V1Alpha1 doc, List<MachineConfig.File> files) {
        if (files == null) {
            return;
        }
        for (int i = 0; i < files.size(); i++) {
            var file = files.get(i);
            String path = "machine.files[" + i + "]";
            FilePlacement.refusal(file.path(), file.op()).ifPresent(why -> f.error(doc, path + ".path", why));
            if (file.op() == null || !FILE_OPS.contains(file.op())) {
                f.error(doc, path + ".op", "op must be one of " + FILE_OPS);
            }
            if (file.permissions() != null) {
                f.check(doc, path + ".permissions", file.permissions().text(),
                        v -> Formats.fileMode(v, file.permissions().isNumber()));
            }
        }
    }

    private static void features(Findings f, V1Alpha1 doc, FeaturesConfig features, boolean controlPlane) {
        if (features == null) {
            return;
        }
        var access = features.kubernetesTalosAPIAccess();
        if (access != null && Boolean.TRUE.equals(access.enabled())) {
            String path = "machine.features.kubernetesTalosAPIAccess";
            if (!controlPlane) {
                f.error(doc, path, "only a control-plane node can enable Kubernetes access to the API");
            }
            if (access.allowedRoles() != null) {
                for (int i = 0; i < access.allowedRoles().size(); i++) {
                    if (!ROLES.contains(access.allowedRoles().get(i))) {
                        f.error(doc, path + ".allowedRoles[" + i + "]",
                                "unknown role \"" + access.allowedRoles().get(i) + "\"");
                    }
                }
            }
        }
        var hostDns = features.hostDNS();
        if (hostDns != null && Boolean.TRUE.equals(hostDns.forwardKubeDNSToHost())
                && !Boolean.TRUE.equals(hostDns.enabled())) {
            f.error(doc, "machine.features.hostDNS", "forwardKubeDNSToHost needs hostDNS enabled");
        }
        if (features.kubePrism() != null && features.kubePrism().port() != null) {
            port(f, doc, "machine.features.kubePrism.port", features.kubePrism().port());
        }
        if (features.nodeAddressSortAlgorithm() != null
                && !Set.of("v1", "v2").contains(features.nodeAddressSortAlgorithm())) {
            f.error(doc, "machine.features.nodeAddressSortAlgorithm", "must be v1 or v2");
        }
    }

    private static void disks(Findings f, V1Alpha1 doc, List<MachineConfig.Disk> disks, ValidationMode mode) {
        if (disks == null) {
            return;
        }
        for (int i = 0; i < disks.size(); i++) {
            String path = "machine.disks[" + i + "]";
            var disk = disks.get(i);
            if (disk.device() == null || !disk.device().startsWith("/dev/")) {
                f.error(doc, path + ".device", "a /dev/ path is required");
            }
            if (disk.partitions() != null) {
                for (int p = 0; p < disk.partitions().size(); p++) {
                    var partition = disk.partitions().get(p);
                    if (partition.size() != null && !partition.size().isNumber()) {
                        f.check(doc, path + ".partitions[" + p + "].size", partition.size().text(), Formats::size);
                    }
                    if (partition.mountpoint() == null || !partition.mountpoint().startsWith("/")) {
                        f.error(doc, path + ".partitions[" + p + "].mountpoint", "an absolute path is required");
                    }
                }
            }
            if (mode == ValidationMode.CONTAINER) {
                f.warning(doc, path, "ignored in container mode: the node has no disks of its own");
            }
        }
    }

    private static void containerSkips(Findings f, V1Alpha1 doc, MachineConfig m) {
        nonNetSysctls(f, doc, "machine.sysctls", m.sysctls());
        if (m.sysfs() != null && !m.sysfs().isEmpty()) {
            f.warning(doc, "machine.sysfs", "skipped in container mode: /sys settings are global");
        }
        if (m.kernel() != null && m.kernel().modules() != null && !m.kernel().modules().isEmpty()) {
            f.warning(doc, "machine.kernel.modules", "skipped in container mode: kernel modules are global");
        }
    }

    /** In container mode only the network namespace's own {@code net.*} sysctls are applied. */
    static void nonNetSysctls(Findings f, dev.anvil.machinery.config.document.ConfigDocument doc, String path,
                              Map<String, String> sysctls) {
        if (sysctls != null) {
            sysctls.keySet().stream().filter(k -> !k.startsWith("net.")).forEach(k -> f.warning(doc,
                    path + "." + k, "skipped in container mode: only net.* sysctls belong to the node's namespace"));
        }
    }

    static void port(Findings f, dev.anvil.machinery.config.document.ConfigDocument doc, String path, int port) {
        if (port < 1 || port > 65535) {
            f.error(doc, path, "port must be 1..65535");
        }
    }

    static java.util.Optional<String> hostOrIp(String text) {
        return Formats.ip(text).isEmpty() ? java.util.Optional.empty() : Formats.hostname(text);
    }
}
