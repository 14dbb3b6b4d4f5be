package dev.anvil.machinery.kernel;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ModuleIndexTest {
    private static final String DEP = """
            kernel/drivers/virtio/virtio.ko:
            kernel/drivers/virtio/virtio_ring.ko:
            kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
            kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
            kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko
            kernel/fs/jbd2/jbd2.ko:
            kernel/drivers/net/net-failover.ko:
            """;
    private static final String ALIAS = """
            alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci
            alias virtio:d00000002v* virtio_blk
            alias fs-ext4 ext4
            alias pci:v00008086d0000100[Ee]sv*sd*bc*sc*i* e1000
            alias virtio:d0000000[!2]v* net_failover
            """;

    private final ModuleIndex index = ModuleIndex.parse(DEP, ALIAS);

    @Test
    void loadOrder_dependenciesFirstEachOnce() {
        assertThat(index.loadOrder("virtio_blk")).containsExactly("virtio", "virtio_ring", "virtio_blk");
        assertThat(index.loadOrder("ext4")).containsExactly("jbd2", "ext4");
        assertThat(index.loadOrder("nope")).isEmpty();
    }

    @Test
    void names_dashAndUnderscoreAreTheSame() {
        assertThat(index.path("net_failover")).contains("kernel/drivers/net/net-failover.ko");
        assertThat(index.loadOrder("net-failover")).containsExactly("net_failover");
    }

    @Test
    void matching_globPatterns() {
        assertThat(index.matching("pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00"))
                .containsExactly("virtio_pci");
        assertThat(index.matching("virtio:d00000002v00001AF4")).containsExactly("virtio_blk");
        assertThat(index.matching("virtio:d00000001v00001AF4")).containsExactly("net_failover");
        assertThat(index.matching("virtio:d00000005v00001AF4")).containsExactly("net_failover");
        // e1000 is not in modules.dep: not shipped, not matched
        assertThat(index.matching("pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00")).isEmpty();
    }

    @Test
    void filteredLines_onlyTheGivenModules() {
        assertThat(index.depLinesOf(Set.of("ext4", "jbd2"))).isEqualTo(
                "kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko\nkernel/fs/jbd2/jbd2.ko:\n");
        assertThat(ModuleIndex.aliasLinesOf(ALIAS, Set.of("ext4"))).isEqualTo("alias fs-ext4 ext4\n");
    }

    @Test
    void glob_characterClasses() {
        assertThat(ModuleIndex.glob("a[0-9]b").matcher("a5b").matches()).isTrue();
        assertThat(ModuleIndex.glob("a[!0-9]b").matcher("a5b").matches()).isFalse();
        assertThat(ModuleIndex.glob("x.y?").matcher("x.yz").matches()).isTrue();
        assertThat(ModuleIndex.glob("x.y?").matcher("xzyz").matches()).isFalse();
    }
}
