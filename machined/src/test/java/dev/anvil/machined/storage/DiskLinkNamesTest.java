package dev.anvil.machined.storage;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The link names udev's rules give, for the buses and disks a node meets. */
class DiskLinkNamesTest {
    private static SysBlock.DiskFacts disk(String transport, String model, String serial, String wwid) {
        return new SysBlock.DiskFacts(1, 512, 512, false, false, model, "", serial, "", wwid, "", "", "", transport,
                false);
    }

    @Test
    void byPath_isThePciAddressThenTheBus() {
        assertThat(DiskLinkNames.path("/pci0000:00/0000:00:02.0/virtio1/block/vda")).hasValue("pci-0000:00:02.0");
        assertThat(DiskLinkNames.path("/pci0000:00/0000:00:04.0/nvme/nvme0/nvme0n1"))
                .hasValue("pci-0000:00:04.0-nvme-1");
        assertThat(DiskLinkNames.path("/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda"))
                .hasValue("pci-0000:00:1f.2-scsi-0:0:0:0");
        assertThat(DiskLinkNames.path("/virtual/block/loop0")).isEmpty();
    }

    @Test
    void byId_fromSerialByTransport_andWwn() {
        assertThat(DiskLinkNames.ids(disk("virtio", "", "abc123", ""))).containsExactly("virtio-abc123");
        assertThat(DiskLinkNames.ids(disk("sata", "QEMU HARDDISK", "QM00001", "naa.5000c500a1b2c3d4")))
                .containsExactly("ata-QEMU_HARDDISK_QM00001", "wwn-0x5000c500a1b2c3d4");
        assertThat(DiskLinkNames.ids(disk("nvme", "Samsung SSD", "S4X", ""))).containsExactly("nvme-Samsung_SSD_S4X");
        assertThat(DiskLinkNames.ids(disk("virtio", "", "", ""))).isEmpty();
    }

    @Test
    void names_areEscapedAsUdevDoes() {
        assertThat(DiskLinkNames.escape("my data/2")).isEqualTo("my\\x20data\\x2f2");
        assertThat(DiskLinkNames.escape("EFI-SYSTEM_1.0:a=b@c#d+e")).isEqualTo("EFI-SYSTEM_1.0:a=b@c#d+e");
        assertThat(DiskLinkNames.escape("données")).isEqualTo("données");
    }

    @Test
    void aPartition_getsItsDisksNamesWithPartN_andItsOwnContentAndEntry() {
        SysBlock.Device vda = new SysBlock.Device("vda", "disk", 254, 0, 0, "", "",
                "/pci0000:00/0000:00:02.0/virtio1/block/vda", List.of(), 1 << 30);
        SysBlock.Device vda3 = new SysBlock.Device("vda3", "partition", 254, 3, 3, "STATE", "vda",
                "/pci0000:00/0000:00:02.0/virtio1/block/vda/vda3", List.of(), 100 << 20);
        SysBlock.DiskFacts facts = disk("virtio", "", "serial1", "");
        var links = DiskLinkNames.of(List.of(
                new DiskLinkNames.Known(vda, facts, Optional.of(new Probe.Result(Probe.Content.GPT, "", "d1", 512,
                        List.of())), Optional.empty()),
                new DiskLinkNames.Known(vda3, facts, Optional.of(new Probe.Result(Probe.Content.EXT4, "STATE",
                        "u-3", 4096, List.of())), Optional.of(new Probe.Partition(3, "STATE", "t", "p-3", 0, 0)))));
        assertThat(links).containsExactly(
                java.util.Map.entry("by-id/virtio-serial1", "vda"),
                java.util.Map.entry("by-id/virtio-serial1-part3", "vda3"),
                java.util.Map.entry("by-label/STATE", "vda3"),
                java.util.Map.entry("by-partlabel/STATE", "vda3"),
                java.util.Map.entry("by-partuuid/p-3", "vda3"),
                java.util.Map.entry("by-path/pci-0000:00:02.0", "vda"),
                java.util.Map.entry("by-path/pci-0000:00:02.0-part3", "vda3"),
                java.util.Map.entry("by-uuid/u-3", "vda3"));
    }
}
