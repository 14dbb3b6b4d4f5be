package dev.anvil.machined.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /dev/disk/by-*} names udev's rules would give a block device, computed from what sysfs and the
 * device's first bytes say (there is no udevd): {@code by-id} from the disk's serial or WWID, {@code by-path} from
 * the PCI address it hangs off, {@code by-uuid} and {@code by-label} from its filesystem, {@code by-partuuid} and
 * {@code by-partlabel} from its GPT entry. A partition's by-id and by-path names are its disk's with
 * {@code -partN}. Names are escaped as udev does: a character other than letters, digits and {@code #+-.:=@_}
 * becomes {@code \xHH}.
 */
public final class DiskLinkNames {
    private static final Pattern PCI = Pattern.compile("[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-9a-f]");
    private static final Pattern SCSI = Pattern.compile("\\d+:\\d+:\\d+:\\d+");

    private DiskLinkNames() {
    }

    /** What is known of one device: its sysfs entry, its disk's facts and, when probed, its content and GPT entry. */
    public record Known(SysBlock.Device device, SysBlock.DiskFacts disk, Optional<Probe.Result> content,
            Optional<Probe.Partition> entry) {
    }

    /** Link path under {@code /dev/disk} ({@code by-label/STATE}) to device name ({@code vdb}), sorted by path. */
    public static Map<String, String> of(List<Known> devices) {
        Map<String, String> links = new TreeMap<>();
        for (Known k : devices) {
            String name = k.device().name();
            String suffix = k.device().partition() ? "-part" + k.device().partitionNumber() : "";
            for (String id : ids(k.disk())) {
                links.put("by-id/" + escape(id + suffix), name);
            }
            path(k.device().devicePath()).ifPresent(p -> links.put("by-path/" + escape(p + suffix), name));
            k.content().ifPresent(c -> {
                if (!c.uuid().isEmpty() && c.content() != Probe.Content.GPT) {
                    links.put("by-uuid/" + escape(c.uuid()), name);
                }
                if (!c.label().isEmpty()) {
                    links.put("by-label/" + escape(c.label()), name);
                }
            });
            k.entry().ifPresent(e -> {
                links.put("by-partuuid/" + escape(e.uuid()), name);
                if (!e.name().isEmpty()) {
                    links.put("by-partlabel/" + escape(e.name()), name);
                }
            });
        }
        return links;
    }

    /** The disk's by-id names: {@code virtio-SERIAL}, {@code nvme-MODEL_SERIAL}, {@code ata-MODEL_SERIAL}, wwn. */
    static List<String> ids(SysBlock.DiskFacts disk) {
        List<String> ids = new ArrayList<>();
        if (disk == null) {
            return ids;
        }
        String model = disk.model().strip().replace(' ', '_');
        String serial = disk.serial().strip().replace(' ', '_');
        if (!serial.isEmpty()) {
            switch (disk.transport()) {
                case "virtio" -> ids.add("virtio-" + serial);
                case "nvme" -> ids.add("nvme-" + model + "_" + serial);
                case "sata" -> ids.add("ata-" + model + "_" + serial);
                case "usb" -> ids.add("usb-" + model + "_" + serial);
                case "scsi" -> ids.add("scsi-" + model + "_" + serial);
                default -> {
                }
            }
        }
        String wwid = disk.wwid().strip();
        if (wwid.startsWith("naa.") || wwid.startsWith("eui.")) {
            ids.add("wwn-0x" + wwid.substring(4));
        }
        return ids;
    }

    /** The by-path name of a device at {@code devicePath} (under /sys/devices): its PCI address, then the bus's. */
    static Optional<String> path(String devicePath) {
        String pci = null;
        Matcher m = PCI.matcher(devicePath);
        while (m.find()) {
            pci = m.group();
        }
        if (pci == null) {
            return Optional.empty();
        }
        String tail = devicePath.substring(devicePath.lastIndexOf(pci) + pci.length());
        StringBuilder path = new StringBuilder("pci-").append(pci);
        Matcher scsi = SCSI.matcher(tail);
        Matcher nvme = Pattern.compile("/nvme\\d+n(\\d+)").matcher(tail);
        if (nvme.find()) {
            path.append("-nvme-").append(nvme.group(1));
        } else if (scsi.find()) {
            path.append("-scsi-").append(scsi.group());
        }
        return Optional.of(path.toString());
    }

    /** As udev's encoding of link names (non-ASCII letters stay, as valid UTF-8 does there). */
    static String escape(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80
                    || "#+-.:=@_".indexOf(c) >= 0) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\x%02x", c));
            }
        });
        return out.toString();
    }
}
