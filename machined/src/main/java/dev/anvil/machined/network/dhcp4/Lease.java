package dev.anvil.machined.network.dhcp4;

import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An address leased by a server, with its timers as instants (RFC 2131 section 4.4.5: counted from when the request
 * that got the ACK was sent). An infinite lease has no timers.
 *
 * @param ack the server's ACK, whose options say what else the network offers (routers, DNS, NTP...)
 */
public record Lease(Inet4Address address, int prefixLength, Inet4Address server, Instant start,
        Optional<Instant> renewAt, Optional<Instant> rebindAt, Optional<Instant> expiresAt, Dhcp4Packet ack) {

    /** Talos's lease time when an ACK names none. */
    static final long DEFAULT_LEASE_SECONDS = 30 * 60;

    /** The lease an ACK grants, with RFC 2131's defaults for missing timers (T1 = half, T2 = 7/8 of the lease). */
    public static Lease of(Dhcp4Packet ack, Inet4Address server, Instant requestSent) {
        Dhcp4Options o = ack.options();
        long seconds = o.leaseTime().orElse(DEFAULT_LEASE_SECONDS);
        Optional<Duration> lease = Dhcp4Options.duration(seconds);
        Optional<Instant> expires = lease.map(requestSent::plus);
        Optional<Instant> rebind = lease.map(l -> requestSent.plus(o.rebindingTime().flatMap(Dhcp4Options::duration)
                .filter(t -> t.compareTo(l) < 0).orElse(l.multipliedBy(7).dividedBy(8))));
        Optional<Instant> renew = rebind.map(r -> {
            Duration t1 = o.renewalTime().flatMap(Dhcp4Options::duration).orElse(lease.get().dividedBy(2));
            Instant at = requestSent.plus(t1);
            return at.isBefore(r) ? at : requestSent.plus(Duration.between(requestSent, r).dividedBy(2));
        });
        int prefix = o.prefixLength().orElseGet(() -> classful(ack.yiaddr()));
        return new Lease(ack.yiaddr(), prefix, o.serverId().orElse(server), requestSent, renew, rebind, expires, ack);
    }

    public Optional<Duration> duration() {
        return expiresAt.map(e -> Duration.between(start, e));
    }

    /** The prefix length of the old address classes, for a server that sends no subnet mask. */
    private static int classful(Inet4Address address) {
        int first = address.getAddress()[0] & 0xff;
        return first < 128 ? 8 : first < 192 ? 16 : 24;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " from " + server.getHostAddress() + " for "
                + duration().map(Duration::toString).orElse("ever");
    }
}
