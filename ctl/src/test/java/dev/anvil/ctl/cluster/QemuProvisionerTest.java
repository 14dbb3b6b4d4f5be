package dev.anvil.ctl.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure parts of the qemu provisioner: VM sizes, kernel command lines, addresses, and the state it records. */
class QemuProvisionerTest {
    @TempDir
    Path dir;

    @Test
    void cmdline_putsTheAddressBeforeInitsArguments() throws Exception {
        Files.writeString(dir.resolve("cmdline"), "console=ttyS0 panic=10 quiet -- @/app/machined.args\n");
        QemuOptions options = new QemuOptions(dir, 1024, 512, 1, 1, 1024, "tcg");
        assertThat(options.cmdline("ip=10.5.0.2::10.5.0.1:255.255.255.0:n1:eth0:off"))
                .isEqualTo("console=ttyS0 panic=10 quiet ip=10.5.0.2::10.5.0.1:255.255.255.0:n1:eth0:off"
                        + " -- @/app/machined.args");
        assertThat(options.memory(ClusterLayout.WORKER)).isEqualTo(512);
    }

    @Test
    void cmdline_withoutTheImagesFile_usesTheImagerDefault() throws Exception {
        QemuOptions options = new QemuOptions(dir, 1024, 1024, 1, 1, 1024, "kvm");
        assertThat(options.cmdline("ip=x")).isEqualTo("console=ttyS0 panic=10 quiet ip=x -- @/app/machined.args");
    }

    @Test
    void checkImage_namesTheMissingPiece() {
        QemuOptions options = new QemuOptions(dir, 1024, 1024, 1, 1, 1024, "tcg");
        assertThatThrownBy(options::checkImage).hasMessageContaining("vmlinuz is missing")
                .hasMessageContaining("anvilctl image build");
    }

    @Test
    void options_rejectWhatCannotBoot() {
        assertThatThrownBy(() -> new QemuOptions(dir, 128, 1024, 1, 1, 1024, "tcg")).hasMessageContaining("256");
        assertThatThrownBy(() -> new QemuOptions(dir, 1024, 1024, 1, 1, 1024, "hvf"))
                .hasMessageContaining("tcg or kvm");
        assertThatThrownBy(() -> QemuOptions.vcpus("0")).hasMessageContaining("positive");
        assertThat(QemuOptions.vcpus("2.0")).isEqualTo(2);
        assertThat(QemuOptions.vcpus("0.5")).isEqualTo(1);
    }

    @Test
    void netmaskAndMac_followTheAddress() throws Exception {
        assertThat(QemuProvisioner.netmask(24)).isEqualTo("255.255.255.0");
        assertThat(QemuProvisioner.netmask(20)).isEqualTo("255.255.240.0");
        assertThat(QemuProvisioner.mac("10.213.42.3")).isEqualTo("52:54:00:d5:2a:03");
    }

    @Test
    void withHostname_namesTheNodeInItsConfig() {
        var secrets = dev.anvil.ctl.gen.GenCommand.newSecrets();
        var options = new dev.anvil.machinery.generate.GenerateOptions("qc", "https://10.5.0.2:6443",
                dev.anvil.machinery.generate.GenerateOptions.DEFAULT_KUBERNETES_VERSION,
                dev.anvil.machinery.generate.GenerateOptions.DEFAULT_INSTALL_DISK,
                dev.anvil.machinery.generate.GenerateOptions.DEFAULT_INSTALL_IMAGE, List.of("127.0.0.1"),
                dev.anvil.machinery.generate.GenerateOptions.DEFAULT_DNS_DOMAIN, List.of(), List.of(), List.of());
        String config = dev.anvil.machinery.generate.ConfigGenerator.generate(secrets, options).worker();
        String named = QemuProvisioner.withHostname(config, "qc-worker-1");
        var loaded = dev.anvil.machinery.config.ConfigLoader.load(named, false);
        assertThat(loaded.ok()).isTrue();
        assertThat(named).contains("hostname: qc-worker-1").contains("127.0.0.1");
    }

    @Test
    void state_roundTripsTheQemuParts() throws Exception {
        var nodes = ClusterLayout.plan("qc", 1, 1, Ipv4Cidr.parse("10.5.0.0/24"), dir);
        ClusterState state = new ClusterState(QemuProvisioner.NAME, "qc", "10.5.0.0/24", "anv-qc", "10.5.0.1/24",
                "/run/netns/anvil-qc", 0, nodes).withForwarder(42).withNode(1, nodes.get(1).withApiPort(40001)
                .withLauncher(77));
        state.save(dir);
        ClusterState loaded = ClusterState.load(dir);
        assertThat(loaded).isEqualTo(state);
        assertThat(loaded.nodes().get(1).endpoint()).isEqualTo("127.0.0.1:40001");
        assertThat(loaded.nodes().get(0).endpoint()).isEqualTo("10.5.0.2");
        assertThat(loaded.nodes()).extracting(ClusterState.Node::name).isEqualTo(List.of("qc-controlplane-1",
                "qc-worker-1"));
    }

    @Test
    void state_ofAnOlderNamespacesCluster_loadsAsNamespaces() throws Exception {
        Files.writeString(dir.resolve(ClusterState.FILE), """
                name=old
                cidr=10.5.0.0/24
                bridge=anv-old
                bridge.address=10.5.0.1/24
                nodes=0
                """);
        ClusterState loaded = ClusterState.load(dir);
        assertThat(loaded.provisioner()).isEqualTo(NamespacesProvisioner.NAME);
        assertThat(loaded.netns()).isEmpty();
    }
}
