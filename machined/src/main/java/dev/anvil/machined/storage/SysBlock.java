package dev.anvil.machined.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The block devices the kernel has, read from sysfs (there is no udevd to ask): {@code /sys/class/block} names every
 * disk and partition, each a link into {@code /sys/devices}; a disk's attributes are in {@code /sys/block/<name>}
 * ({@code size} in 512-byte sectors, {@code ro}, {@code queue/*}) and its hardware's in {@code device/}.
 * Attributes a device does not have read as empty. Only reads: in container mode this is the host's sysfs, which a
 * node may look at but never change.
 */
public final class SysBlock {
    private final Path sys;

    /** @param sys where sysfs is mounted: {@code /sys}, or a copy of its layout in tests */
    public SysBlock(Path sys) {
        this.sys = sys;
    }

    /** One block device: a whole disk or a partition of one. */
    public record Device(String name, String type, int major, int minor, int partitionNumber, String partitionName,
            String parent, String devicePath, List<String> secondaries, long size) {
        public boolean partition() {
            return type.equals("partition");
        }
    }

    /** What sysfs says about a whole disk, besides what {@link Device} holds. */
    public record DiskFacts(long size, int ioSize, int sectorSize, boolean readonly, boolean cdrom, String model,
            String firmware, String serial, String modalias, String wwid, String uuid, String busPath,
            String subSystem, String transport, boolean rotational) {
    }

    /** Every block device, disks and partitions, sorted by name. */
    public List<Device> devices() throws IOException {
        Path classBlock = sys.resolve("class/block");
        if (!Files.isDirectory(classBlock)) {
            return List.of();
        }
        List<Device> devices = new ArrayList<>();
        try (Stream<Path> entries = Files.list(classBlock)) {
            for (Path entry : entries.sorted().toList()) {
                try {
                    devices.add(device(entry));
                } catch (NoSuchFileException e) {
                    // gone between the listing and the reading: the next look no longer sees it
                }
            }
        }
        return devices;
    }

    private Device device(Path entry) throws IOException {
        String name = entry.getFileName().toString();
        Path real = entry.toRealPath();
        Map<String, String> uevent = uevent(real.resolve("uevent"));
        String type = uevent.getOrDefault("DEVTYPE", "disk");
        String parent = type.equals("partition") ? real.getParent().getFileName().toString() : "";
        List<String> secondaries = new ArrayList<>();
        Path slaves = real.resolve("slaves");
        if (Files.isDirectory(slaves)) {
            try (Stream<Path> s = Files.list(slaves)) {
                s.map(p -> p.getFileName().toString()).sorted().forEach(secondaries::add);
            }
        }
        return new Device(name, type, integer(uevent.get("MAJOR")), integer(uevent.get("MINOR")),
                integer(uevent.get("PARTN")), uevent.getOrDefault("PARTNAME", ""), parent,
                devicesRelative(real), secondaries, sectors(real.resolve("size")));
    }

    /** The facts of the whole disk {@code name} ({@code /sys/block/<name>}). */
    public DiskFacts disk(String name) throws IOException {
        Path block = sys.resolve("block").resolve(name);
        Path device = block.resolve("device");
        Path queue = block.resolve("queue");
        String busPath = "";
        String deviceSubsystem = "";
        if (Files.exists(device)) {
            busPath = devicesRelative(device.toRealPath());
            deviceSubsystem = linkName(device.resolve("subsystem"));
        }
        String subSystem = Files.exists(block.resolve("subsystem")) ? block.resolve("subsystem").toRealPath()
                .toString().replaceFirst("^" + java.util.regex.Pattern.quote(sys.toString()), "/sys") : "";
        String scsiType = read(device.resolve("type"));
        return new DiskFacts(sectors(block.resolve("size")), integer(read(queue.resolve("minimum_io_size"))),
                integer(read(queue.resolve("logical_block_size"))), read(block.resolve("ro")).equals("1"),
                name.startsWith("sr") || scsiType.equals("5"), read(device.resolve("model")),
                first(read(device.resolve("firmware_rev")), read(device.resolve("rev"))),
                first(read(device.resolve("serial")), read(block.resolve("serial"))),
                read(device.resolve("modalias")), first(read(device.resolve("wwid")), read(block.resolve("wwid"))),
                read(device.resolve("uuid")), busPath, subSystem, transport(deviceSubsystem, busPath),
                read(queue.resolve("rotational")).equals("1"));
    }

    /**
     * How the disk is attached, from the bus its device sits on: virtio, nvme, mmc; a SCSI disk is named by what
     * carries the SCSI commands (sata for libata, usb for a USB mass storage device).
     */
    static String transport(String deviceSubsystem, String busPath) {
        return switch (deviceSubsystem) {
            case "" -> "";
            case "scsi" -> busPath.contains("/usb") ? "usb" : busPath.contains("/ata") ? "sata" : "scsi";
            case "nvme" -> "nvme";
            default -> deviceSubsystem;
        };
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private String devicesRelative(Path real) {
        String text = real.toString();
        String devices = sys.resolve("devices").toString();
        return text.startsWith(devices) ? text.substring(devices.length()) : text;
    }

    private static String linkName(Path link) throws IOException {
        return Files.exists(link) ? link.toRealPath().getFileName().toString() : "";
    }

    private static long sectors(Path size) throws IOException {
        String text = read(size);
        return text.isEmpty() ? 0 : Long.parseLong(text) * 512;
    }

    private static Map<String, String> uevent(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : read(file).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    private static int integer(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An attribute's text without its trailing newline and padding; empty when the device has no such attribute. */
    static String read(Path file) throws IOException {
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return "";
        } catch (IOException e) {
            // some attributes refuse reads (EIO on a detached device, EINVAL): the device has no such value
            if (Files.isRegularFile(file)) {
                return "";
            }
            throw e;
        }
    }
}
