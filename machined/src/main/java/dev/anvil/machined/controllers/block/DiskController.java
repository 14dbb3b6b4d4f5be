package dev.anvil.machined.controllers.block;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.storage.SysBlock;
import dev.anvil.machinery.resources.block.BlockDevice;
import dev.anvil.machinery.resources.block.BlockResources;
import dev.anvil.machinery.resources.block.Disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Talos's block.DisksController: a {@code Disk} for every whole block device with a size (loop devices with a
 * backing file included, as Talos lists them), described from sysfs, with the {@code /dev/disk/by-*} links that
 * point at it. It follows the BlockDevices and looks again every {@link #REFRESH} for what they do not show (links
 * made later, a medium inserted). In container mode these are the host's disks: the node may read them, not use
 * them.
 */
public final class DiskController implements Controller {
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final SysBlock sysfs;
    private final Path dev;

    /** @param dev where device nodes and {@code disk/by-*} links are ({@code /dev}) */
    public DiskController(SysBlock sysfs, Path dev) {
        this.sysfs = sysfs;
        this.dev = dev;
    }

    @Override
    public String name() {
        return "block.DisksController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(BlockDevice.KIND.namespace(), BlockDevice.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(Disk.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws IOException {
        Map<String, List<String>> links = links();
        Set<String> wanted = new HashSet<>();
        for (Resource<?> raw : ctx.list(BlockDevice.KIND)) {
            BlockDevice device = raw.as(BlockDevice.class).spec();
            if (!device.type().equals("disk")) {
                continue;
            }
            SysBlock.DiskFacts facts = sysfs.disk(raw.id());
            if (facts.size() == 0) {
                continue;
            }
            wanted.add(raw.id());
            Specs.put(ctx, Disk.KIND.pointer(raw.id()), new Disk(dev.resolve(raw.id()).toString(), facts.size(),
                    BlockResources.prettySize(facts.size()), facts.ioSize(), facts.sectorSize(), facts.readonly(),
                    facts.cdrom(), facts.model(), facts.firmware(), facts.serial(), facts.modalias(), facts.wwid(),
                    facts.uuid(), facts.busPath(), facts.subSystem(), facts.transport(), facts.rotational(),
                    device.secondaries(), links.getOrDefault(raw.id(), List.of())));
        }
        for (Resource<?> disk : ctx.list(Disk.KIND)) {
            if (!wanted.contains(disk.id())) {
                ctx.destroy(disk.pointer());
            }
        }
        ctx.requeueAfter(REFRESH);
    }

    /** Device name to the {@code /dev/disk/by-*} links that resolve to it, sorted. */
    private Map<String, List<String>> links() throws IOException {
        Map<String, List<String>> links = new TreeMap<>();
        Path disk = dev.resolve("disk");
        if (!Files.isDirectory(disk)) {
            return links;
        }
        try (Stream<Path> kinds = Files.list(disk)) {
            for (Path kind : kinds.sorted().toList()) {
                if (!Files.isDirectory(kind)) {
                    continue;
                }
                try (Stream<Path> entries = Files.list(kind)) {
                    for (Path link : entries.sorted().toList()) {
                        try {
                            Path target = link.toRealPath();
                            if (target.getParent() != null && target.getParent().equals(dev.toRealPath())) {
                                links.computeIfAbsent(target.getFileName().toString(), k -> new ArrayList<>())
                                        .add(link.toString());
                            }
                        } catch (IOException dangling) {
                            // a link to a device that is gone
                        }
                    }
                }
            }
        }
        return links;
    }
}
