package dev.anvil.machined.network.dhcp4;

import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real DHCP server for tests: Debian's dnsmasq, serving one link inside a network namespace the test made, DNS
 * off, with its lease file and log under a directory of the test's. Also used by the e2e tests.
 */
public final class DnsmasqServer implements AutoCloseable {
    public static final String DNSMASQ = "/usr/sbin/dnsmasq";
    public static final String IP = "/usr/sbin/ip";

    private final Child child;
    private final Path leases;
    private final StringBuffer log = new StringBuffer();

    private DnsmasqServer(Child child, Path leases) {
        this.child = child;
        this.leases = leases;
        Thread.ofVirtual().start(() -> {
            try (InputStream in = child.output()) {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    log.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                log.append("(log read failed: ").append(e.getMessage()).append(")");
            }
        });
    }

    /**
     * Starts dnsmasq in {@code netns} on {@code link}, which must already be there with its address; it leases
     * {@code rangeStart} to {@code rangeEnd} for {@code leaseTime} (dnsmasq's minimum is 2 minutes) and hands out
     * {@code options} ({@code --dhcp-option} values, such as {@code option:router,10.0.0.1}).
     */
    public static DnsmasqServer start(Path dir, String netns, String link, String rangeStart, String rangeEnd,
            String netmask, Duration leaseTime, List<String> options, List<String> extraArgs) throws Exception {
        if (!Files.isExecutable(Path.of(DNSMASQ))) {
            throw new IllegalStateException(DNSMASQ + " is missing: install dnsmasq-base (scripts/setup does)");
        }
        Files.createDirectories(dir);
        Path leases = dir.resolve("dnsmasq.leases");
        List<String> args = new ArrayList<>(List.of("netns", "exec", netns, DNSMASQ, "--keep-in-foreground",
                "--log-facility=-", "--log-dhcp", "--conf-file=/dev/null", "--port=0", "--no-ping",
                "--bind-interfaces", "--interface=" + link, "--except-interface=lo", "--dhcp-authoritative",
                "--user=root", "--group=root",
                "--pid-file=" + dir.resolve("dnsmasq.pid"), "--dhcp-leasefile=" + leases,
                "--dhcp-range=" + rangeStart + "," + rangeEnd + "," + netmask + "," + leaseTime.toSeconds() + "s"));
        options.forEach(o -> args.add("--dhcp-option=" + o));
        args.addAll(extraArgs);
        DnsmasqServer server = new DnsmasqServer(Spawner.spawn(new ProcessSpec(IP, args,
                java.util.Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), ProcessSpec.Output.CAPTURE, true)), leases);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!server.log().contains("DHCP, IP range")) {
            if (server.child.exit().isDone() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("dnsmasq did not start:\n" + server.log());
            }
            Thread.sleep(20);
        }
        return server;
    }

    /** The lease file's lines: expiry, MAC, address, hostname, client ID. */
    public List<String> leases() throws IOException {
        return Files.exists(leases) ? Files.readAllLines(leases) : List.of();
    }

    public String log() {
        return log.toString();
    }

    @Override
    public void close() throws Exception {
        if (!child.exit().isDone()) {
            child.signal(Child.SIGTERM);
            try {
                child.exit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                child.signal(Child.SIGKILL);
                child.exit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs {@code ip} with these arguments, from the calling thread's network namespace; fails unless it works. */
    public static String ip(String... args) throws Exception {
        Child c = Spawner.spawn(ProcessSpec.of(IP, args));
        String out = new String(c.output().readAllBytes(), StandardCharsets.UTF_8);
        if (!c.exit().get(30, TimeUnit.SECONDS).success()) {
            throw new IllegalStateException("ip " + String.join(" ", args) + ": " + out);
        }
        return out;
    }
}
