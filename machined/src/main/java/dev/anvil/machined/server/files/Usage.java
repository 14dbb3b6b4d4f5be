package dev.anvil.machined.server.files;

import dev.anvil.api.machine.DiskUsageInfo;
import dev.anvil.api.machine.DiskUsageRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The DiskUsage RPC, as Talos computes it: the apparent size (st_size) of each file, and for each directory its own
 * size plus that of everything below it. Files are reported as they are met (with {@code all}), each directory
 * after its contents, the start last. {@code recursion_depth} (when positive) leaves out entries that deep or
 * deeper, the start being at depth 0; a positive {@code threshold} leaves out entries smaller than it, a negative
 * one entries larger than its absolute value. Unreadable files are reported with their error, whatever the filters.
 *
 * <p>Unlike Talos, every path of the request is measured (Talos stops after the first), an empty list means /, and
 * a start that is a file is reported even without {@code all}. A path outside the {@link Roots} fails the call
 * before anything is sent; one that does not exist is reported as an entry with its error, and the others go on.
 */
final class Usage implements Walker.Visitor {
    private final DiskUsageRequest request;
    private final Sink<DiskUsageInfo> out;
    /** The running total of each directory on the way from the start to where the walk is, by depth. */
    private long[] totals = new long[16];

    private Usage(DiskUsageRequest request, Sink<DiskUsageInfo> out) {
        this.request = request;
        this.out = out;
    }

    static void measure(Roots roots, DiskUsageRequest request, Sink<DiskUsageInfo> out) throws InterruptedException {
        List<String> paths = request.getPathsList().isEmpty() ? List.of("/") : request.getPathsList();
        List<Start> starts = new ArrayList<>();
        for (String path : paths) {
            try {
                starts.add(new Start(path, roots.start(path), null));
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
                starts.add(new Start(path, null, e.getStatus().getDescription()));
            }
        }
        for (Start start : starts) {
            if (start.real() == null) {
                out.send(DiskUsageInfo.newBuilder().setName(start.requested()).setRelativeName(start.requested())
                        .setError(start.missing()).build());
            } else {
                new Walker(roots, -1).walk(start.real(), false, new Usage(request, out));
            }
        }
    }

    /** A requested path: its real path, or why there is none. */
    private record Start(String requested, Path real, String missing) {
    }

    @Override
    public void visit(Entry entry) throws InterruptedException {
        if (entry.failed()) {
            out.send(info(entry, 0).setError(entry.error()).build());
            return;
        }
        int depth = entry.depth();
        long size = size(entry);
        if (entry.isDirectory()) {
            if (depth >= totals.length) {
                totals = Arrays.copyOf(totals, depth * 2);
            }
            totals[depth] = size;
            return;
        }
        if (depth > 0) {
            totals[depth - 1] += size;
        }
        if (request.getAll() || depth == 0) {
            report(entry, size);
        }
    }

    @Override
    public void leave(Entry directory) throws InterruptedException {
        int depth = directory.depth();
        long total = totals[depth];
        if (depth > 0) {
            totals[depth - 1] += total;
        }
        report(directory, total);
    }

    private void report(Entry entry, long size) throws InterruptedException {
        int limit = request.getRecursionDepth();
        long threshold = request.getThreshold();
        if (limit > 0 && entry.depth() >= limit || threshold > 0 && size < threshold
                || threshold < 0 && size > -threshold) {
            return;
        }
        out.send(info(entry, size).build());
    }

    /** /proc/kcore claims the size of the address space; Talos counts it as 0 and so do we. */
    private static long size(Entry entry) {
        return entry.path().equals(Path.of("/proc/kcore")) ? 0 : Math.max(0, entry.attributes().size());
    }

    private static DiskUsageInfo.Builder info(Entry entry, long size) {
        return DiskUsageInfo.newBuilder().setName(entry.path().toString()).setRelativeName(entry.relative())
                .setSize(size);
    }
}
