package dev.anvil.machined.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every block device with what it holds: sysfs's description of it and of its disk, its probed content (devices of
 * size zero, such as unattached loop devices and empty CD drives, are not read) and, for a partition, its entry in
 * the disk's GPT.
 */
public final class BlockScan {
    private BlockScan() {
    }

    /** @param dev where the device nodes are ({@code /dev}) */
    public static List<DiskLinkNames.Known> scan(SysBlock sysfs, Path dev) throws IOException {
        List<SysBlock.Device> devices = sysfs.devices();
        Map<String, SysBlock.DiskFacts> disks = new HashMap<>();
        Map<String, Optional<Probe.Result>> contents = new HashMap<>();
        for (SysBlock.Device d : devices) {
            if (!d.partition()) {
                disks.put(d.name(), sysfs.disk(d.name()));
            }
            contents.put(d.name(), d.size() == 0 ? Optional.empty() : probe(dev.resolve(d.name())));
        }
        List<DiskLinkNames.Known> known = new ArrayList<>();
        for (SysBlock.Device d : devices) {
            String disk = d.partition() ? d.parent() : d.name();
            Optional<Probe.Partition> entry = Optional.empty();
            if (d.partition()) {
                entry = contents.getOrDefault(d.parent(), Optional.empty()).stream()
                        .flatMap(c -> c.partitions().stream()).filter(p -> p.index() == d.partitionNumber())
                        .findFirst();
            }
            known.add(new DiskLinkNames.Known(d, disks.get(disk), contents.get(d.name()), entry));
        }
        return known;
    }

    /** The device's content, or none when it cannot be read (gone, no medium, not a device node here). */
    private static Optional<Probe.Result> probe(Path device) {
        try {
            return Optional.of(Probe.probe(device));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
