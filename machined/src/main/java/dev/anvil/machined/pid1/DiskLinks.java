package dev.anvil.machined.pid1;

import dev.anvil.machined.log.Log;
import dev.anvil.machined.storage.BlockScan;
import dev.anvil.machined.storage.DiskLinkNames;
import dev.anvil.machined.storage.SysBlock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code /dev/disk/by-id}, {@code by-path}, {@code by-uuid}, {@code by-label}, {@code by-partuuid} and
 * {@code by-partlabel} links udevd would make, made by init itself (there is no udevd): relative links
 * ({@code ../../vdb}) named by {@link DiskLinkNames}. Kept up to date by a thread that looks at sysfs every
 * {@link #POLL} and probes the devices again when it changed (at least every {@link #REPROBE}): links of new devices
 * and filesystems appear, links of gone ones are removed. Only links under {@code /dev/disk/by-*} are touched.
 */
public final class DiskLinks {
    static final Duration POLL = Duration.ofSeconds(2);
    /** How often the devices are probed again when sysfs shows no change (a filesystem made on a device). */
    static final Duration REPROBE = Duration.ofSeconds(30);

    private DiskLinks() {
    }

    /** Makes the links now and starts the thread that keeps them up to date. */
    public static void keepUpdated(Path sys, Path dev) {
        SysBlock sysfs = new SysBlock(sys);
        try {
            Map<String, String> made = update(sysfs, dev);
            Log.info("disk links made", "links", String.join(",", made.keySet()));
        } catch (IOException e) {
            Log.warn("disk links not made", "error", e.getMessage());
        }
        Thread.ofPlatform().name("disk-links").daemon().start(() -> {
            List<SysBlock.Device> seen = List.of();
            long probed = System.nanoTime();
            while (true) {
                try {
                    Thread.sleep(POLL);
                    // sysfs is cheap to look at, probing every device is not: that waits for a change or REPROBE
                    List<SysBlock.Device> now = sysfs.devices();
                    if (!now.equals(seen) || System.nanoTime() - probed > REPROBE.toNanos()) {
                        update(sysfs, dev);
                        seen = now;
                        probed = System.nanoTime();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    Log.warn("disk links not updated", "error", String.valueOf(e.getMessage()));
                }
            }
        });
    }

    /** Makes {@code dev/disk} hold exactly the links the devices call for; returns them (path to device name). */
    static Map<String, String> update(SysBlock sysfs, Path dev) throws IOException {
        Map<String, String> wanted = DiskLinkNames.of(BlockScan.scan(sysfs, dev));
        Path disk = dev.resolve("disk");
        for (Map.Entry<String, String> link : wanted.entrySet()) {
            Path path = disk.resolve(link.getKey());
            Path target = Path.of("../..", link.getValue());
            if (Files.isSymbolicLink(path) && Files.readSymbolicLink(path).equals(target)) {
                continue;
            }
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, target);
        }
        if (Files.isDirectory(disk)) {
            Set<Path> keep = new HashSet<>();
            wanted.keySet().forEach(k -> keep.add(disk.resolve(k)));
            try (Stream<Path> kinds = Files.list(disk)) {
                for (Path kind : kinds.filter(k -> k.getFileName().toString().startsWith("by-")).toList()) {
                    try (Stream<Path> links = Files.list(kind)) {
                        for (Path link : links.toList()) {
                            if (!keep.contains(link) && Files.isSymbolicLink(link)) {
                                Files.delete(link);
                            }
                        }
                    }
                }
            }
        }
        return wanted;
    }
}
