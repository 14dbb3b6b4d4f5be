package dev.anvil.machined.pid1;

import dev.anvil.machinery.kernel.ModuleIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModaliasLoaderTest {
    private static final ModuleIndex INDEX = ModuleIndex.parse("""
            kernel/virtio.ko:
            kernel/virtio_pci.ko: kernel/virtio.ko
            kernel/virtio_blk.ko: kernel/virtio.ko
            kernel/e1000.ko:
            """, """
            alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci
            alias virtio:d00000002v* virtio_blk
            alias pci:v00008086d0000100Esv*sd*bc*sc*i* e1000
            """);

    @TempDir
    Path sys;

    @Test
    void loadForDevices_dependenciesFirst_andDevicesThatAppearAfterABusDriver() throws Exception {
        device("pci", "0000:00:03.0", "pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00");
        device("pci", "0000:00:01.0", "pci:v00008086d00007000sv0000sd0000bc06sc01i00");
        device("platform", "serial8250", "");
        List<String> loaded = new ArrayList<>();
        ModaliasLoader loader = new ModaliasLoader(INDEX, Path.of("/lib/modules/6.1"), (file, parameters) -> {
            loaded.add(file.toString());
            if (file.endsWith("virtio_pci.ko")) {
                // as the kernel does: the bus driver's probe makes the virtio device appear
                device("virtio", "virtio0", "virtio:d00000002v00001AF4");
            }
        });

        assertThat(loader.loadForDevices(sys)).containsExactly("virtio", "virtio_pci", "virtio_blk");
        assertThat(loaded).containsExactly("/lib/modules/6.1/kernel/virtio.ko", "/lib/modules/6.1/kernel/virtio_pci.ko",
                "/lib/modules/6.1/kernel/virtio_blk.ko");
    }

    @Test
    void load_aFailingModuleIsLoggedAndTheRestGoOn() {
        List<String> loaded = new ArrayList<>();
        ModaliasLoader loader = new ModaliasLoader(INDEX, Path.of("/m"), (file, parameters) -> {
            if (file.endsWith("virtio.ko")) {
                throw new IllegalStateException("finit_module: Invalid argument");
            }
            loaded.add(file.getFileName().toString());
        });
        assertThat(loader.load("virtio_blk")).containsExactly("virtio_blk");
        assertThat(loader.load("virtio_blk")).isEmpty();
        assertThat(loaded).containsExactly("virtio_blk.ko");
    }

    private void device(String bus, String name, String modalias) {
        try {
            Path dir = Files.createDirectories(sys.resolve(bus).resolve("devices").resolve(name));
            if (!modalias.isEmpty()) {
                Files.writeString(dir.resolve("modalias"), modalias + "\n");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
