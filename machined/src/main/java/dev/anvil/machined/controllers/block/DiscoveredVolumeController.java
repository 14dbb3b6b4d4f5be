package dev.anvil.machined.controllers.block;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.storage.BlockScan;
import dev.anvil.machined.storage.DiskLinkNames;
import dev.anvil.machined.storage.Probe;
import dev.anvil.machined.storage.SysBlock;
import dev.anvil.machinery.resources.block.BlockDevice;
import dev.anvil.machinery.resources.block.BlockResources;
import dev.anvil.machinery.resources.block.DiscoveredVolume;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Talos's block.DiscoveryController: a {@code DiscoveredVolume} for every block device with a size, saying what its
 * first bytes hold ({@link Probe}): a partition table, a filesystem with its label and UUID, and for a partition
 * its GPT entry. It probes again when the BlockDevices change and every {@link #REFRESH} (a filesystem made on a
 * device changes no BlockDevice).
 */
public final class DiscoveredVolumeController implements Controller {
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final SysBlock sysfs;
    private final Path dev;

    public DiscoveredVolumeController(SysBlock sysfs, Path dev) {
        this.sysfs = sysfs;
        this.dev = dev;
    }

    @Override
    public String name() {
        return "block.DiscoveryController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(BlockDevice.KIND.namespace(), BlockDevice.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(DiscoveredVolume.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws IOException {
        Set<String> wanted = new HashSet<>();
        for (DiskLinkNames.Known k : BlockScan.scan(sysfs, dev)) {
            if (k.content().isEmpty()) {
                continue;
            }
            SysBlock.Device d = k.device();
            Probe.Result content = k.content().get();
            wanted.add(d.name());
            String parent = d.partition() ? d.parent() : "";
            Specs.put(ctx, DiscoveredVolume.KIND.pointer(d.name()), new DiscoveredVolume(
                    dev.resolve(d.name()).toString(), d.partition() ? "partition" : "disk", d.devicePath(), parent,
                    parent.isEmpty() ? "" : dev.resolve(parent).toString(),
                    k.entry().map(Probe.Partition::offset).orElse(0L), d.size(),
                    BlockResources.prettySize(d.size()), k.disk() == null ? 0 : k.disk().sectorSize(),
                    k.disk() == null ? 0 : k.disk().ioSize(), content.content().blkidName(), content.uuid(),
                    content.label(), k.entry().map(Probe.Partition::uuid).orElse(""),
                    k.entry().map(e -> e.typeGuid().toUpperCase(Locale.ROOT)).orElse(""),
                    k.entry().map(Probe.Partition::name).orElse(""),
                    k.entry().map(Probe.Partition::index).orElse(0)));
        }
        for (Resource<?> volume : ctx.list(DiscoveredVolume.KIND)) {
            if (!wanted.contains(volume.id())) {
                ctx.destroy(volume.pointer());
            }
        }
        ctx.requeueAfter(REFRESH);
    }
}
