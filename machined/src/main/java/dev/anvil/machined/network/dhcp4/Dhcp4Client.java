package dev.anvil.machined.network.dhcp4;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.machined.log.Log;

import java.net.Inet4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A DHCPv4 client for one link: RFC 2131's state machine, run by {@link #run} on a thread of its own until {@link
 * #stop}.
 *
 * <p>INIT sends DISCOVER and SELECTING takes the first OFFER; REQUESTING asks for it and an ACK makes the client
 * BOUND (a NAK or no answer sends it back to INIT). At T1 it is RENEWING (REQUEST unicast to the server that leased
 * the address), at T2 REBINDING (broadcast to any server); an ACK in either extends the lease, a NAK or the lease's
 * expiry loses it and the client starts over. Every wait for an answer retransmits with backoff: 4, 8, 16, 32, then
 * 64 s with a second of jitter while acquiring; while renewing or rebinding, half the time left to the next timer,
 * at least {@link #MIN_RENEW_RETRY}. {@link #decline} tells the server the address is not usable (DECLINE) and
 * starts over after 10 s; {@link #stop} with release gives the address back (RELEASE).
 *
 * <p>Time comes from the {@link Clock} given, and every wait is a {@link Transport#receive} with a timeout, so a
 * test can make hours pass at once. The listener hears of each lease bound or renewed, and of its loss, on the
 * client's thread.
 */
public final class Dhcp4Client {
    public static final Duration MIN_RENEW_RETRY = Duration.ofSeconds(60);
    static final Duration DECLINE_PAUSE = Duration.ofSeconds(10);
    private static final int REQUEST_ATTEMPTS = 4;

    /** How messages go out (to the server port 67) and come in (to the client port 68). */
    public interface Transport {
        void send(byte[] packet, Inet4Address destination);

        /** Waits up to {@code timeout} for a datagram; empty on timeout or after {@link #wakeup}. */
        Optional<byte[]> receive(Duration timeout);

        /** Makes a blocked receive (or the next one) return empty; from any thread. */
        void wakeup();
    }

    /**
     * What the client says about itself.
     *
     * @param clientId        option 61, empty to let the server go by the hardware address
     * @param requestHostname ask the server for a host and domain name
     * @param requestMtu      ask for the link MTU (some clouds' servers do not answer a request for it)
     */
    public record Settings(String link, Bytes hardwareAddress, Optional<Bytes> clientId, boolean requestHostname,
            boolean requestMtu) {
    }

    public enum State { INIT, SELECTING, REQUESTING, BOUND, RENEWING, REBINDING, STOPPED }

    private final Transport transport;
    private final Settings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private final Consumer<Optional<Lease>> listener;

    private volatile State state = State.INIT;
    private volatile Lease lease;
    private volatile boolean stopping;
    private volatile boolean releaseOnStop;
    private volatile boolean declineWanted;
    private Instant attemptStart;

    public Dhcp4Client(Transport transport, Settings settings, Clock clock, RandomGenerator random,
            Consumer<Optional<Lease>> listener) {
        this.transport = transport;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.listener = listener;
    }

    public State state() {
        return state;
    }

    public Optional<Lease> lease() {
        return Optional.ofNullable(lease);
    }

    /** Makes {@link #run} return soon, giving the lease back first when {@code release}; from any thread. */
    public void stop(boolean release) {
        releaseOnStop = release;
        stopping = true;
        transport.wakeup();
    }

    /** Declines the bound address (found in use): DECLINE, then after 10 s a new DISCOVER; from any thread. */
    public void decline() {
        declineWanted = true;
        transport.wakeup();
    }

    /** The client's life, until {@link #stop}. */
    public void run() {
        try {
            while (!stopping) {
                Optional<Dhcp4Packet> offer = select();
                if (offer.isEmpty()) {
                    continue;
                }
                Optional<Lease> bound = request(offer.get());
                if (bound.isEmpty()) {
                    pause(Duration.ofSeconds(1 + random.nextInt(3)));
                    continue;
                }
                bind(bound.get());
                keep();
            }
        } finally {
            if (lease != null && releaseOnStop) {
                release();
            }
            state = State.STOPPED;
        }
    }

    /** INIT and SELECTING: DISCOVER until an OFFER comes; empty only when stopping. */
    private Optional<Dhcp4Packet> select() {
        state = State.SELECTING;
        declineWanted = false;
        attemptStart = clock.instant();
        int xid = random.nextInt();
        for (int attempt = 0; !stopping; attempt++) {
            Dhcp4Options.Builder options = requestOptions(MessageType.DISCOVER);
            if (lease != null) {
                options.address(Dhcp4Options.REQUESTED_IP, lease.address());
            }
            broadcast(packet(xid, Dhcp4Packet.ZERO, true, options.build()));
            Optional<Dhcp4Packet> offer = await(xid, Set.of(MessageType.OFFER),
                    clock.instant().plus(backoff(attempt)));
            if (offer.isPresent() && !offer.get().yiaddr().equals(Dhcp4Packet.ZERO)
                    && offer.get().options().serverId().isPresent()) {
                return offer;
            }
        }
        return Optional.empty();
    }

    /** REQUESTING: asks for the offered address; empty after a NAK or no answer. */
    private Optional<Lease> request(Dhcp4Packet offer) {
        state = State.REQUESTING;
        Inet4Address server = offer.options().serverId().orElseThrow();
        for (int attempt = 0; attempt < REQUEST_ATTEMPTS && !stopping; attempt++) {
            Instant sent = clock.instant();
            broadcast(packet(offer.xid(), Dhcp4Packet.ZERO, true, requestOptions(MessageType.REQUEST)
                    .address(Dhcp4Options.REQUESTED_IP, offer.yiaddr())
                    .address(Dhcp4Options.SERVER_ID, server).build()));
            Optional<Dhcp4Packet> reply = await(offer.xid(), Set.of(MessageType.ACK, MessageType.NAK),
                    sent.plus(backoff(attempt)));
            if (reply.isPresent()) {
                if (reply.get().type().orElseThrow() == MessageType.NAK) {
                    Log.warn("DHCP server refused the offered address", "link", settings.link(), "address",
                            offer.yiaddr().getHostAddress(), "message", reply.get().options().message().orElse(""));
                    lose();
                    return Optional.empty();
                }
                return Optional.of(Lease.of(reply.get(), server, sent));
            }
        }
        return Optional.empty();
    }

    /** BOUND, RENEWING and REBINDING, until the lease is lost or declined, or the client stops. */
    private void keep() {
        int xid = random.nextInt();
        while (!stopping) {
            if (declineWanted) {
                declineWanted = false;
                Log.warn("DHCP declining the address", "link", settings.link(), "lease", lease);
                broadcast(packet(random.nextInt(), Dhcp4Packet.ZERO, false, baseOptions(MessageType.DECLINE)
                        .address(Dhcp4Options.REQUESTED_IP, lease.address())
                        .address(Dhcp4Options.SERVER_ID, lease.server()).build()));
                lose();
                pause(DECLINE_PAUSE);
                return;
            }
            Instant now = clock.instant();
            Lease current = lease;
            if (current.expiresAt().isPresent() && !now.isBefore(current.expiresAt().get())) {
                Log.warn("DHCP lease expired", "link", settings.link(), "lease", current);
                lose();
                return;
            }
            if (current.renewAt().isEmpty() || now.isBefore(current.renewAt().get())) {
                state = State.BOUND;
                pause(current.renewAt().map(at -> Duration.between(now, at)).orElse(Duration.ofDays(365)));
                continue;
            }
            boolean renewing = now.isBefore(current.rebindAt().orElseThrow());
            State wanted = renewing ? State.RENEWING : State.REBINDING;
            if (state != wanted) {
                state = wanted;
                attemptStart = now;
                xid = random.nextInt();
            }
            Instant boundary = renewing ? current.rebindAt().get() : current.expiresAt().orElseThrow();
            Duration half = Duration.between(now, boundary).dividedBy(2);
            Instant next = now.plus(half.compareTo(MIN_RENEW_RETRY) < 0 ? MIN_RENEW_RETRY : half);
            Dhcp4Packet request = packet(xid, current.address(), false, requestOptions(MessageType.REQUEST).build());
            if (renewing) {
                unicast(request, current.server());
            } else {
                broadcast(request);
            }
            Optional<Dhcp4Packet> reply = await(xid, Set.of(MessageType.ACK, MessageType.NAK),
                    next.isBefore(boundary) ? next : boundary);
            if (reply.isPresent()) {
                if (reply.get().type().orElseThrow() == MessageType.NAK) {
                    Log.warn("DHCP server refused to extend the lease", "link", settings.link(), "lease", current);
                    lose();
                    return;
                }
                bind(Lease.of(reply.get(), renewing ? current.server() : reply.get().options().serverId()
                        .orElse(current.server()), now));
                xid = random.nextInt();
            }
        }
    }

    private void bind(Lease bound) {
        boolean changed = lease == null || !lease.address().equals(bound.address());
        lease = bound;
        state = State.BOUND;
        if (changed) {
            Log.info("DHCP lease bound", "link", settings.link(), "lease", bound);
        }
        listener.accept(Optional.of(bound));
    }

    private void lose() {
        lease = null;
        state = State.INIT;
        listener.accept(Optional.empty());
    }

    private void release() {
        Lease given = lease;
        Dhcp4Packet message = packet(random.nextInt(), given.address(), false, baseOptions(MessageType.RELEASE)
                .address(Dhcp4Options.SERVER_ID, given.server()).build());
        if (!unicast(message, given.server())) {
            broadcast(message);
        }
        Log.info("DHCP lease released", "link", settings.link(), "lease", given);
        lose();
    }

    /**
     * The first reply of one of {@code types} to transaction {@code xid} before {@code deadline}; empty at the
     * deadline, or at once when the client is told to stop or decline. Replies to others are dropped.
     */
    private Optional<Dhcp4Packet> await(int xid, Set<MessageType> types, Instant deadline) {
        while (!stopping && !(declineWanted && lease != null)) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Optional.empty();
            }
            Optional<byte[]> received = transport.receive(left);
            if (received.isEmpty()) {
                continue;
            }
            try {
                Dhcp4Packet reply = Dhcp4Packet.decode(received.get());
                if (reply.op() == Dhcp4Packet.BOOT_REPLY && reply.xid() == xid
                        && reply.chaddr().equals(settings.hardwareAddress())
                        && reply.type().filter(types::contains).isPresent()) {
                    return Optional.of(reply);
                }
            } catch (MalformedPacketException e) {
                Log.warn("ignoring a malformed DHCP message", "link", settings.link(), "error", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Waits without expecting anything (stray messages are dropped); ends early on stop or decline. */
    private void pause(Duration duration) {
        await(0, Set.of(), clock.instant().plus(duration));
    }

    /** RFC 2131 section 4.1: 4 s doubling up to 64 s, each randomised by up to a second either way. */
    private Duration backoff(int attempt) {
        long seconds = 4L << Math.min(attempt, 4);
        return Duration.ofMillis(seconds * 1000 + random.nextLong(-1000, 1001));
    }

    private Dhcp4Options.Builder baseOptions(MessageType type) {
        Dhcp4Options.Builder options = Dhcp4Options.builder().messageType(type);
        settings.clientId().ifPresent(id -> options.put(Dhcp4Options.CLIENT_ID, id.toByteArray()));
        return options;
    }

    private Dhcp4Options.Builder requestOptions(MessageType type) {
        List<Integer> wanted = new ArrayList<>(List.of(Dhcp4Options.SUBNET_MASK, Dhcp4Options.ROUTER,
                Dhcp4Options.DNS_SERVERS, Dhcp4Options.DOMAIN_NAME, Dhcp4Options.NTP_SERVERS,
                Dhcp4Options.CLASSLESS_ROUTES, Dhcp4Options.LEASE_TIME, Dhcp4Options.RENEWAL_TIME,
                Dhcp4Options.REBINDING_TIME));
        if (settings.requestHostname()) {
            wanted.add(Dhcp4Options.HOSTNAME);
        }
        if (settings.requestMtu()) {
            wanted.add(Dhcp4Options.INTERFACE_MTU);
        }
        return baseOptions(type).parameterRequestList(wanted).put(Dhcp4Options.MAX_MESSAGE_SIZE,
                new byte[] {0x05, (byte) 0xdc});
    }

    private Dhcp4Packet packet(int xid, Inet4Address ciaddr, boolean broadcast, Dhcp4Options options) {
        long secs = attemptStart == null ? 0 : Math.max(0, Duration.between(attemptStart, clock.instant())
                .toSeconds());
        return Dhcp4Packet.request(xid, (int) Math.min(0xffff, secs), broadcast, ciaddr, settings.hardwareAddress(),
                options);
    }

    private void broadcast(Dhcp4Packet packet) {
        send(packet, Dhcp4Packet.BROADCAST);
    }

    private boolean unicast(Dhcp4Packet packet, Inet4Address server) {
        return send(packet, server);
    }

    /** Sends, logging a failure (no route yet, link gone): the retransmission or the next timer tries again. */
    private boolean send(Dhcp4Packet packet, Inet4Address destination) {
        try {
            transport.send(packet.encode(), destination);
            return true;
        } catch (RuntimeException e) {
            Log.warn("DHCP send failed", "link", settings.link(), "to", destination.getHostAddress(),
                    "type", packet.type().map(Enum::name).orElse("?"), "error", e.getMessage());
            return false;
        }
    }
}
