package dev.anvil.ctl;

import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.machinery.version.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * anvilctl support: a zip of what helps to debug the nodes, one folder a node ({@link SupportCollectors} lists the
 * files), and at its root a {@code summary} of what was collected: the nodes that could not be reached, with why,
 * and every file that could not be made. A node that does not answer is noted there rather than failing the bundle;
 * the command fails only when no node answered. Talos encrypts its bundles with age for Sidero Labs; this one is
 * a plain zip.
 */
@Command(name = "support", description = {"Dump debug information about the cluster.",
        "The bundle holds, for each node: kernel logs, the logs and states of every service, the resources (the"
                + " sensitive types left out), the machine config with its secrets redacted, events, processes,"
                + " mounts, sockets and versions."})
final class SupportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-O", "--output"}, paramLabel = "FILE", defaultValue = "support.zip",
            description = "Output file to write the support archive to (default: ${DEFAULT-VALUE}).")
    Path output;
    @Option(names = {"-w", "--num-workers"}, paramLabel = "N", defaultValue = "1",
            description = "Number of workers per node (default: ${DEFAULT-VALUE}).")
    int workers;
    @Option(names = {"-v", "--verbose"}, description = "Verbose output.")
    boolean verbose;

    /** A file of the bundle that could not be made. */
    private record Failure(String source, String error) {
    }

    @Override
    public Integer call() throws Exception {
        if (workers < 1) {
            throw new IllegalArgumentException("--num-workers must be at least 1");
        }
        if (Files.exists(output)) {
            throw new IllegalArgumentException(output + " already exists");
        }
        PrintWriter err = spec.commandLine().getErr();
        GlobalOptions global = GlobalOptions.of(spec);
        Map<String, byte[]> files = new ConcurrentSkipListMap<>();
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        List<Failure> unreachable = new ArrayList<>();
        int reached = 0;
        try (ApiSession api = global.open()) {
            List<String> nodes = api.nodes().isEmpty() ? Collections.singletonList(null) : api.nodes();
            try (ExecutorService pool = Executors.newFixedThreadPool(workers * nodes.size())) {
                for (String node : nodes) {
                    String folder = node == null ? api.endpoint() : node;
                    SupportCollectors collectors = new SupportCollectors(api, global, node);
                    List<SupportCollectors.Collector> all;
                    try {
                        collectors.reach();
                        all = collectors.all();
                    } catch (RuntimeException e) {
                        unreachable.add(new Failure(folder, Failures.describe(e)));
                        continue;
                    }
                    reached++;
                    for (var collector : all) {
                        pool.submit(() -> collect(folder, collector, files, failures, err));
                    }
                }
            }
        }
        unreachable.forEach(u -> err.println("node " + u.source() + " is unreachable: " + u.error()));
        files.put("summary", summary(reached, unreachable, failures));
        write(files);
        if (!failures.isEmpty()) {
            err.println("Processed with errors:");
            failures.stream().sorted((a, b) -> a.source().compareTo(b.source()))
                    .forEach(f -> err.println("\t" + f.source() + "\t" + f.error()));
        }
        err.println("Support bundle is written to " + output);
        err.flush();
        return reached > 0 ? 0 : 1;
    }

    private void collect(String folder, SupportCollectors.Collector collector, Map<String, byte[]> files,
            List<Failure> failures, PrintWriter err) {
        String path = folder + "/" + collector.path();
        try {
            byte[] content = collector.collect().run();
            if (content != null) {
                files.put(path, content);
            }
            if (verbose) {
                synchronized (err) {
                    err.println(folder + ": collected " + collector.path());
                    err.flush();
                }
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failures.add(new Failure(path, Failures.describe(e)));
        }
    }

    private static byte[] summary(int reached, List<Failure> unreachable, List<Failure> failures) {
        StringBuilder text = new StringBuilder();
        BuildInfo build = BuildInfo.load();
        text.append("Client: anvilctl ").append(build.tag()).append(" (").append(build.sha()).append(")\n");
        text.append("Nodes collected: ").append(reached).append('\n');
        text.append("Unreachable nodes: ").append(unreachable.size()).append('\n');
        unreachable.forEach(u -> text.append("  ").append(u.source()).append(": ").append(u.error()).append('\n'));
        text.append("Errors: ").append(failures.size()).append('\n');
        failures.stream().sorted((a, b) -> a.source().compareTo(b.source()))
                .forEach(f -> text.append("  ").append(f.source()).append(": ").append(f.error()).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void write(Map<String, byte[]> files) throws IOException {
        try (OutputStream file = Files.newOutputStream(output, StandardOpenOption.CREATE_NEW);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            for (var entry : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }
}
