package dev.anvil.machinery.resources.block;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

/**
 * Talos's {@code DiscoveredVolume} (ID: the device's kernel name): what a block device holds, as probed from its
 * first bytes: a partition table ({@code name: gpt}) or a filesystem ({@code ext4}, {@code xfs}, {@code vfat},
 * {@code squashfs}) with its label and UUID, and for a GPT partition the table's name, type and UUID of it.
 */
public record DiscoveredVolume(
        @ProtoField(17) @YamlName("dev_path") String devPath,
        @ProtoField(14) String type,
        @ProtoField(15) @YamlName("device_path") String devicePath,
        @ProtoField(16) String parent,
        @ProtoField(18) @YamlName("parent_dev_path") String parentDevPath,
        @ProtoField(20) long offset,
        @ProtoField(1) long size,
        @ProtoField(19) @YamlName("pretty_size") String prettySize,
        @ProtoField(2) @YamlName("sector_size") int sectorSize,
        @ProtoField(3) @YamlName("io_size") int ioSize,
        @ProtoField(4) String name,
        @ProtoField(5) String uuid,
        @ProtoField(6) String label,
        @ProtoField(10) @YamlName("partition_uuid") String partitionUuid,
        @ProtoField(11) @YamlName("partition_type") String partitionType,
        @ProtoField(12) @YamlName("partition_label") String partitionLabel,
        @ProtoField(13) @YamlName("partition_index") int partitionIndex) implements Spec {

    public static final String TYPE = "DiscoveredVolumes.block.talos.dev";
    public static final Kind KIND = new Kind(BlockResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, BlockResources.NAMESPACE)
            .withPrintColumn("Type", "{.type}").withPrintColumn("Size", "{.pretty_size}")
            .withPrintColumn("Discovered", "{.name}").withPrintColumn("Label", "{.label}")
            .withPrintColumn("PartitionLabel", "{.partition_label}");
}
