package dev.anvil.ctl.dashboard;

import java.time.Duration;
import java.util.List;

/**
 * What one poll of a node found: its identity and figures, its services, its addresses and its view of the cluster.
 * A figure the node could not give is null (the CPU share needs two polls, so the first has none).
 */
public record NodeInfo(String hostname, String version, String stage, Duration uptime, Double cpuPercent,
                       Memory memory, Load load, List<Service> services, List<String> addresses,
                       List<LinkAddress> linkAddresses, ClusterInfo cluster) {
    public NodeInfo {
        services = List.copyOf(services);
        addresses = List.copyOf(addresses);
        linkAddresses = List.copyOf(linkAddresses);
    }

    /** Memory in KiB as /proc/meminfo counts it; used leaves out the page cache and buffers, as free(1) does. */
    public record Memory(long usedKiB, long totalKiB) {
        public int percent() {
            return totalKiB == 0 ? 0 : (int) Math.round(100.0 * usedKiB / totalKiB);
        }
    }

    public record Load(double load1, double load5, double load15) {
    }

    /** A service as ServiceList reports it; health is "OK", "Fail" or "?" (not known yet), as talosctl prints. */
    public record Service(String id, String state, String health, String lastEvent) {
    }

    /** An address as the kernel reports it on a link (an AddressStatus resource). */
    public record LinkAddress(String link, String address, String family, String scope) {
    }

    /** How many services are running and healthy (or of unknown health), of all of them. */
    public long servicesUp() {
        return services.stream().filter(s -> s.state().equals("Running") && !s.health().equals("Fail")).count();
    }
}
