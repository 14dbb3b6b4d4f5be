package dev.anvil.machined.controllers.block;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.storage.SysBlock;
import dev.anvil.machinery.resources.block.BlockDevice;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Talos's block.DevicesController: a {@code BlockDevice} for every disk and partition in sysfs, looked at again every
 * {@link #POLL} (Talos listens to the kernel's uevents; sysfs is cheap enough to re-read). A device whose size or
 * numbers changed gets the next generation, so that the controllers probing it probe again; one that is gone is
 * destroyed.
 *
 * <p>The last size seen of each device is the one thing kept between reconciles: BlockDevice has no size field (as
 * in Talos), so without it a resized device would look unchanged.
 */
public final class BlockDeviceController implements Controller {
    static final Duration POLL = Duration.ofSeconds(2);

    private final SysBlock sysfs;
    private final Map<String, Long> sizes = new HashMap<>();

    public BlockDeviceController(SysBlock sysfs) {
        this.sysfs = sysfs;
    }

    @Override
    public String name() {
        return "block.DevicesController";
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(BlockDevice.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws IOException {
        Set<String> seen = new HashSet<>();
        for (SysBlock.Device device : sysfs.devices()) {
            seen.add(device.name());
            Optional<Resource<BlockDevice>> current = Specs.find(ctx, BlockDevice.KIND.pointer(device.name()),
                    BlockDevice.class);
            BlockDevice observed = new BlockDevice(device.type(), device.major(), device.minor(),
                    device.partitionName(), device.partitionNumber(), device.devicePath(), 1, device.parent(),
                    device.secondaries());
            Long sizeBefore = sizes.put(device.name(), device.size());
            if (current.isPresent()) {
                BlockDevice was = current.get().spec();
                boolean changed = !withGeneration(observed, was.generation()).equals(was)
                        || (sizeBefore != null && sizeBefore != device.size());
                observed = changed ? withGeneration(observed, was.generation()).nextGeneration() : was;
            }
            Specs.put(ctx, BlockDevice.KIND.pointer(device.name()), observed);
        }
        for (Resource<?> device : ctx.list(BlockDevice.KIND)) {
            if (!seen.contains(device.id())) {
                ctx.destroy(device.pointer());
                sizes.remove(device.id());
            }
        }
        ctx.requeueAfter(POLL);
    }

    private static BlockDevice withGeneration(BlockDevice d, int generation) {
        return new BlockDevice(d.type(), d.major(), d.minor(), d.partitionName(), d.partitionNumber(),
                d.devicePath(), generation, d.parent(), d.secondaries());
    }
}
