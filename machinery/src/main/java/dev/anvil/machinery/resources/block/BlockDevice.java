package dev.anvil.machinery.resources.block;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

import java.util.List;

/**
 * Talos's {@code BlockDevice} (ID: the kernel's name, {@code vda} or {@code vda1}): every block device the kernel
 * has, disks and their partitions alike. {@code type} is the kernel's DEVTYPE ({@code disk}, {@code partition});
 * {@code generation} grows each time the device may have changed (its size, its partitions), so that what was
 * probed from it is probed again.
 */
public record BlockDevice(
        @ProtoField(1) String type,
        @ProtoField(2) int major,
        @ProtoField(3) int minor,
        @ProtoField(4) @YamlName("partitionName") String partitionName,
        @ProtoField(5) @YamlName("partitionNumber") int partitionNumber,
        @ProtoField(7) @YamlName("devicePath") String devicePath,
        @ProtoField(6) int generation,
        @ProtoField(8) String parent,
        @ProtoField(9) List<String> secondaries) implements Spec {

    public static final String TYPE = "BlockDevices.block.talos.dev";
    public static final Kind KIND = new Kind(BlockResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, BlockResources.NAMESPACE)
            .withPrintColumn("Type", "{.type}").withPrintColumn("PartitionName", "{.partitionName}")
            .withPrintColumn("Generation", "{.generation}");

    public BlockDevice {
        secondaries = List.copyOf(secondaries);
    }

    /** The same device one generation later. */
    public BlockDevice nextGeneration() {
        return new BlockDevice(type, major, minor, partitionName, partitionNumber, devicePath, generation + 1, parent,
                secondaries);
    }
}
