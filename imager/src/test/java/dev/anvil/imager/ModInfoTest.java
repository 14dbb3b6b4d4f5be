package dev.anvil.imager;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModInfoTest {
    @Test
    void parse_dependsAndAliases() {
        ModInfo info = ModInfo.parse("license=GPL\0depends=virtio,virtio_ring\0alias=virtio:d00000002v*\0"
                + "alias=pci:v00001AF4d*\0name=virtio_blk\0");
        assertThat(info.depends()).containsExactly("virtio", "virtio_ring");
        assertThat(info.aliases()).containsExactly("virtio:d00000002v*", "pci:v00001AF4d*");
    }

    @Test
    void parse_noDependencies() {
        assertThat(ModInfo.parse("depends=\0name=crc16\0").depends()).isEmpty();
    }
}
