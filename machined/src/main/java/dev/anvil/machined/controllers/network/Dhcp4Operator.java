package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.network.dhcp4.Dhcp4Client;
import dev.anvil.machined.network.dhcp4.Lease;
import dev.anvil.machined.network.dhcp4.LinkTransport;
import dev.anvil.machinery.resources.network.OperatorSpec;
import dev.anvil.machinery.resources.network.OperatorSpec.ClientIdentifier;
import dev.anvil.sys.netlink.RtNetlink;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One link's DHCPv4 client on a platform thread of its own (its socket receive blocks in a native call), started
 * again with backoff when it fails, e.g. while the link does not exist yet. {@code changed} is called whenever the
 * lease changes, on that thread.
 */
final class Dhcp4Operator implements OperatorSpecController.Running {
    private static final Duration MAX_RESTART = Duration.ofSeconds(30);

    private final OperatorSpec spec;
    private final Runnable changed;
    private final Thread thread;
    private final Object lock = new Object();
    private volatile Dhcp4Client client;
    private volatile Lease lease;
    private volatile boolean stopping;

    Dhcp4Operator(OperatorSpec spec, Runnable changed) {
        this.spec = spec;
        this.changed = changed;
        this.thread = Thread.ofPlatform().daemon().name("dhcp4 " + spec.linkName()).start(this::run);
    }

    @Override
    public OperatorSpec spec() {
        return spec;
    }

    @Override
    public Optional<Lease> lease() {
        return Optional.ofNullable(lease);
    }

    @Override
    public void stop(boolean releaseLease) {
        synchronized (lock) {
            stopping = true;
            if (client != null) {
                client.stop(releaseLease);
            }
            lock.notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration wait = Duration.ofSeconds(1);
        String link = spec.linkName();
        while (!stopping) {
            try (LinkTransport transport = LinkTransport.open(link)) {
                Bytes mac = hardwareAddress(link);
                Dhcp4Client c = new Dhcp4Client(transport, new Dhcp4Client.Settings(link, mac, clientId(mac),
                        !spec.dhcp4().skipHostnameRequest(), true), Clock.systemUTC(), new SecureRandom(),
                        this::onLease);
                synchronized (lock) {
                    if (stopping) {
                        return;
                    }
                    client = c;
                }
                Log.info("DHCP client started", "link", link);
                c.run();
                wait = Duration.ofSeconds(1);
            } catch (RuntimeException e) {
                Log.warn("DHCP client failed, restarting", "link", link, "in", wait, "error", e.getMessage());
            }
            synchronized (lock) {
                client = null;
                if (!stopping) {
                    try {
                        lock.wait(wait.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            wait = wait.multipliedBy(2).compareTo(MAX_RESTART) > 0 ? MAX_RESTART : wait.multipliedBy(2);
        }
    }

    private void onLease(Optional<Lease> now) {
        lease = now.orElse(null);
        changed.run();
    }

    private static Bytes hardwareAddress(String link) {
        try (RtNetlink rt = RtNetlink.open()) {
            String text = rt.link(link).orElseThrow(() -> new IllegalStateException("no link " + link))
                    .hardwareAddress();
            return Bytes.of(HexFormat.ofDelimiter(":").parseHex(text));
        }
    }

    /** Option 61 as Talos makes it: none, hardware type 1 and the MAC (RFC 2132 section 9.14), or the raw DUID. */
    private Optional<Bytes> clientId(Bytes mac) {
        ClientIdentifier id = spec.dhcp4().clientIdentifier();
        return switch (id == null ? ClientIdentifier.Kind.NONE : id.kind()) {
            case NONE -> Optional.empty();
            case MAC -> {
                byte[] value = new byte[mac.length() + 1];
                value[0] = 1;
                System.arraycopy(mac.toByteArray(), 0, value, 1, mac.length());
                yield Optional.of(Bytes.of(value));
            }
            case DUID -> Optional.of(Bytes.of(HexFormat.of().parseHex(id.duidRawHex())));
        };
    }
}
