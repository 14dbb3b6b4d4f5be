package dev.anvil.machined.network.dhcp4;

import dev.anvil.sys.LinkUdpSocket;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Optional;

/** The client's transport over a real link: UDP from port 68 on that link to servers' port 67. */
public final class LinkTransport implements Dhcp4Client.Transport, AutoCloseable {
    public static final int CLIENT_PORT = 68;
    public static final int SERVER_PORT = 67;

    private final LinkUdpSocket socket;

    private LinkTransport(LinkUdpSocket socket) {
        this.socket = socket;
    }

    /** Opens port 68 on {@code link} in the calling thread's network namespace. */
    public static LinkTransport open(String link) {
        return new LinkTransport(LinkUdpSocket.open(link, CLIENT_PORT));
    }

    @Override
    public void send(byte[] packet, Inet4Address destination) {
        socket.send(packet, destination, SERVER_PORT);
    }

    @Override
    public Optional<byte[]> receive(Duration timeout) {
        return socket.receive(timeout).filter(d -> d.sourcePort() == SERVER_PORT).map(LinkUdpSocket.Datagram::data);
    }

    @Override
    public void wakeup() {
        socket.wakeup();
    }

    @Override
    public void close() {
        socket.close();
    }
}
