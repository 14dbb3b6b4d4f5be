package dev.anvil.machined.etcd;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdArgumentsTest {
    private static final EtcdCertificates.Layout FILES = new EtcdCertificates.Layout(Path.of("/system/secrets/etcd"));

    private static EtcdArguments arguments(EtcdArguments.Start start, Map<String, String> initial,
            Map<String, String> extra) {
        return new EtcdArguments("cp-1", InetAddress.ofLiteral("10.5.0.2"), Path.of("/var/lib/etcd"), FILES, start,
                initial, extra);
    }

    @Test
    void bootstrap_startsANewClusterOfThisMemberAlone_withMutualTlsForClientsAndPeers() {
        assertThat(arguments(EtcdArguments.Start.NEW, Map.of(), Map.of()).toList()).containsExactly(
                "--name=cp-1",
                "--data-dir=/var/lib/etcd",
                "--listen-client-urls=https://10.5.0.2:2379,https://127.0.0.1:2379",
                "--advertise-client-urls=https://10.5.0.2:2379",
                "--listen-peer-urls=https://10.5.0.2:2380",
                "--initial-advertise-peer-urls=https://10.5.0.2:2380",
                "--cert-file=/system/secrets/etcd/server.pem",
                "--key-file=/system/secrets/etcd/server.pem",
                "--trusted-ca-file=/system/secrets/etcd/ca.crt",
                "--client-cert-auth=true",
                "--peer-cert-file=/system/secrets/etcd/peer.pem",
                "--peer-key-file=/system/secrets/etcd/peer.pem",
                "--peer-trusted-ca-file=/system/secrets/etcd/ca.crt",
                "--peer-client-cert-auth=true",
                "--logger=zap",
                "--initial-cluster=cp-1=https://10.5.0.2:2380",
                "--initial-cluster-state=new");
    }

    @Test
    void join_namesEveryMemberOfTheCluster_sortedByName_asAnExistingCluster() {
        var args = arguments(EtcdArguments.Start.EXISTING, Map.of("cp-2", "https://10.5.0.3:2380",
                "cp-1", "https://10.5.0.2:2380"), Map.of()).toList();
        assertThat(args).contains("--initial-cluster=cp-1=https://10.5.0.2:2380,cp-2=https://10.5.0.3:2380",
                "--initial-cluster-state=existing");
    }

    @Test
    void restart_fromTheDataDirectory_givesNoInitialClusterFlags() {
        assertThat(arguments(EtcdArguments.Start.RESTART, Map.of(), Map.of()).toList())
                .noneMatch(a -> a.startsWith("--initial-cluster"));
    }

    @Test
    void extraArgs_replaceTheFlagOfTheSameName_andAddNewOnes() {
        var args = arguments(EtcdArguments.Start.RESTART, Map.of(), Map.of("logger", "capnslog",
                "quota-backend-bytes", "8589934592")).toList();
        assertThat(args).contains("--logger=capnslog", "--quota-backend-bytes=8589934592")
                .doesNotContain("--logger=zap");
    }

    @Test
    void ipv6Addresses_areBracketedInUrls() {
        assertThat(EtcdArguments.peerUrl(InetAddress.ofLiteral("fd00::2"))).isEqualTo("https://[fd00:0:0:0:0:0:0:2]:2380");
    }

    @Test
    void theControlPlaneEndpoint_namesTheMemberToJoinThrough_whenItsHostIsAnAddress() {
        assertThat(EtcdSetup.endpointPeer("https://10.5.0.2:6443")).containsExactly("https://10.5.0.2:2379");
        assertThat(EtcdSetup.endpointPeer("https://cluster.example:6443")).isEmpty();
        assertThat(EtcdSetup.endpointPeer(null)).isEmpty();
    }
}
