package dev.anvil.machined.procfs;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.DatagramChannel;

import static org.assertj.core.api.Assertions.assertThat;

/** The socket tables of this JVM's own network namespace, with sockets the test opens. */
class SocketEntryTest {
    private final Procfs procfs = Procfs.system();

    @Test
    void sockets_showAListeningTcpSocket_andItsConnection_withTheirProcess() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                Socket client = new Socket("127.0.0.1", server.getLocalPort());
                Socket accepted = server.accept()) {
            // Java's sockets are dual-stack: tcp6 lists them, with their IPv4 addresses mapped
            var tcp = new java.util.ArrayList<>(procfs.sockets("tcp"));
            tcp.addAll(procfs.sockets("tcp6"));
            SocketEntry listening = tcp.stream().filter(s -> s.localPort() == server.getLocalPort()
                    && s.listening()).findFirst().orElseThrow();
            assertThat(listening.localAddress()).containsExactly(127, 0, 0, 1);
            assertThat(listening.state()).isEqualTo(10);
            SocketEntry connected = tcp.stream().filter(s -> s.localPort() == client.getLocalPort()).findFirst()
                    .orElseThrow();
            assertThat(connected.remotePort()).isEqualTo(server.getLocalPort());
            assertThat(connected.state()).isEqualTo(1);
            assertThat(connected.listening()).isFalse();
            var owner = procfs.socketOwners().get(listening.inode());
            assertThat(owner).isNotNull();
            assertThat(owner.pid()).isEqualTo((int) ProcessHandle.current().pid());
        }
    }

    @Test
    void sockets_readUdpOverIpv6_withMappedAddressesAsIpv4() throws Exception {
        try (DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress("::1", 0))) {
            int port = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            SocketEntry entry = procfs.sockets("udp6").stream().filter(s -> s.localPort() == port).findFirst()
                    .orElseThrow();
            assertThat(entry.localAddress()).hasSize(16).endsWith(1);
            assertThat(entry.state()).isEqualTo(7);
        }
        assertThat(SocketEntry.address("0000000000000000FFFF00000100007F")).containsExactly(127, 0, 0, 1);
    }
}
