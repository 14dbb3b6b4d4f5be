package dev.anvil.machined.metrics;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.machined.log.LogSender;
import dev.anvil.machined.log.LogShipping;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.ServiceStatus;
import dev.anvil.machined.services.Supervisor;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything machined exposes to Prometheus, rendered at each scrape: the API's calls, the controllers' reconciles,
 * the services' states and restarts, the resources in the state per namespace and type, log shipping, and the
 * JVM's memory, collections and threads (from the platform MXBeans, loaded at the first scrape only).
 */
public final class NodeMetrics {
    private final ApiCallMetrics api;
    private final ControllerMetrics controllers;
    private final Supervisor supervisor;
    private final Supplier<Map<Kind, Integer>> resources;
    private final LogShipping logs;

    public NodeMetrics(ApiCallMetrics api, ControllerMetrics controllers, Supervisor supervisor,
            Supplier<Map<Kind, Integer>> resources, LogShipping logs) {
        this.api = api;
        this.controllers = controllers;
        this.supervisor = supervisor;
        this.resources = resources;
        this.logs = logs;
    }

    public String render() {
        TextFormat out = new TextFormat();
        api.write(out);
        controllers.write(out);
        services(out);
        out.family("machined_resources", "gauge", "Resources in the node's state, by namespace and type.");
        resources.get().forEach((kind, count) -> out.sample("machined_resources", count,
                "namespace", kind.namespace(), "type", kind.type()));
        logShipping(out);
        jvm(out);
        return out.toString();
    }

    private void services(TextFormat out) {
        List<ServiceStatus> services = supervisor.list();
        out.family("machined_service_restarts_total", "counter", "Times each service was restarted.");
        services.forEach(s -> out.sample("machined_service_restarts_total", s.restarts(), "service", s.id()));
        out.family("machined_service_state", "gauge", "1 for the state each service is in, 0 for the others.");
        for (ServiceStatus s : services) {
            for (ServiceState state : ServiceState.values()) {
                out.sample("machined_service_state", s.state() == state ? 1 : 0, "service", s.id(),
                        "state", state.name());
            }
        }
        out.family("machined_service_healthy", "gauge", "1 healthy, 0 unhealthy, for services whose health is known.");
        services.stream().filter(s -> s.healthy() != null).forEach(s -> out.sample("machined_service_healthy",
                s.healthy() ? 1 : 0, "service", s.id()));
    }

    private void logShipping(TextFormat out) {
        List<LogSender.Counts> counts = logs.counts();
        out.family("machined_log_lines_sent_total", "counter", "Log lines sent to each log destination.");
        counts.forEach(c -> out.sample("machined_log_lines_sent_total", c.sent(), "endpoint", c.endpoint()));
        out.family("machined_log_lines_dropped_total", "counter",
                "Log lines dropped for each log destination because its buffer was full.");
        counts.forEach(c -> out.sample("machined_log_lines_dropped_total", c.dropped(), "endpoint", c.endpoint()));
        out.family("machined_log_lines_queued", "gauge", "Log lines waiting to be sent to each log destination.");
        counts.forEach(c -> out.sample("machined_log_lines_queued", c.queued(), "endpoint", c.endpoint()));
    }

    private static void jvm(TextFormat out) {
        var memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        out.family("jvm_memory_used_bytes", "gauge", "JVM memory in use, by area.");
        out.sample("jvm_memory_used_bytes", heap.getUsed(), "area", "heap");
        out.sample("jvm_memory_used_bytes", nonHeap.getUsed(), "area", "nonheap");
        out.family("jvm_memory_committed_bytes", "gauge", "JVM memory committed, by area.");
        out.sample("jvm_memory_committed_bytes", heap.getCommitted(), "area", "heap");
        out.sample("jvm_memory_committed_bytes", nonHeap.getCommitted(), "area", "nonheap");
        out.family("jvm_memory_max_bytes", "gauge", "The most memory the JVM may use, by area (-1: no limit).");
        out.sample("jvm_memory_max_bytes", heap.getMax(), "area", "heap");
        out.sample("jvm_memory_max_bytes", nonHeap.getMax(), "area", "nonheap");
        out.family("jvm_memory_pool_used_bytes", "gauge", "JVM memory in use, by pool.");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            out.sample("jvm_memory_pool_used_bytes", pool.getUsage().getUsed(), "pool", pool.getName());
        }
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        out.family("jvm_gc_collections_total", "counter", "Garbage collections, by collector.");
        collectors.forEach(gc -> out.sample("jvm_gc_collections_total", gc.getCollectionCount(), "gc", gc.getName()));
        out.family("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collections, by collector.");
        collectors.forEach(gc -> out.sample("jvm_gc_collection_seconds_total", gc.getCollectionTime() / 1000.0,
                "gc", gc.getName()));
        out.family("jvm_threads_live", "gauge", "Live platform threads (virtual threads are not counted).");
        out.sample("jvm_threads_live", ManagementFactory.getThreadMXBean().getThreadCount());
        long rss = residentBytes();
        if (rss >= 0) {
            out.family("process_resident_memory_bytes", "gauge", "machined's resident memory (VmRSS).");
            out.sample("process_resident_memory_bytes", rss);
        }
    }

    /** VmRSS of /proc/self/status in bytes, or -1 where there is none. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // reported as absent
        }
        return -1;
    }
}
