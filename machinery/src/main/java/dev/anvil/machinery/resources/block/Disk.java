package dev.anvil.machinery.resources.block;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

import java.util.List;

/**
 * Talos's {@code Disk} (ID: the kernel's name, {@code vda}): a whole block device with a size, as the kernel
 * describes it in sysfs ({@code /sys/block/<name>} and its {@code device/} and {@code queue/} attributes). Field
 * numbers and YAML keys are Talos's; {@code talosctl get disks} shows the same columns.
 */
public record Disk(
        @ProtoField(14) @YamlName("dev_path") String devPath,
        @ProtoField(1) long size,
        @ProtoField(15) @YamlName("pretty_size") String prettySize,
        @ProtoField(2) @YamlName("io_size") int ioSize,
        @ProtoField(3) @YamlName("sector_size") int sectorSize,
        @ProtoField(4) boolean readonly,
        @ProtoField(13) boolean cdrom,
        @ProtoField(5) String model,
        @ProtoField(19) @YamlName("firmware_version") String firmwareVersion,
        @ProtoField(6) String serial,
        @ProtoField(7) String modalias,
        @ProtoField(8) String wwid,
        @ProtoField(17) String uuid,
        @ProtoField(9) @YamlName("bus_path") String busPath,
        @ProtoField(10) @YamlName("sub_system") String subSystem,
        @ProtoField(11) String transport,
        @ProtoField(12) boolean rotational,
        @ProtoField(16) @YamlName("secondary_disks") List<String> secondaryDisks,
        @ProtoField(18) List<String> symlinks) implements Spec {

    public static final String TYPE = "Disks.block.talos.dev";
    public static final Kind KIND = new Kind(BlockResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, BlockResources.NAMESPACE)
            .withPrintColumn("Size", "{.pretty_size}").withPrintColumn("Read Only", "{.readonly}")
            .withPrintColumn("Transport", "{.transport}").withPrintColumn("Rotational", "{.rotational}")
            .withPrintColumn("WWID", "{.wwid}").withPrintColumn("Model", "{.model}")
            .withPrintColumn("Serial", "{.serial}");

    public Disk {
        secondaryDisks = List.copyOf(secondaryDisks);
        symlinks = List.copyOf(symlinks);
    }
}
