package dev.anvil.machined.pid1;

import dev.anvil.machined.log.Log;
import dev.anvil.machinery.kernel.ModuleIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Loads the drivers of the machine's devices as udevd would, without udevd: every device's {@code modalias} (through
 * /sys/bus) is matched against the shipped modules' aliases, and each matching module is loaded after its
 * dependencies. Loading a bus driver (virtio_pci) makes new devices appear (virtio disks and NICs), so the walk
 * repeats until a round loads nothing new.
 */
final class ModaliasLoader {
    private static final int MAX_ROUNDS = 8;

    private final ModuleIndex index;
    private final Path modules;
    private final BiConsumer<Path, String> loader;
    private final Set<String> loaded = new HashSet<>();

    ModaliasLoader(ModuleIndex index, Path modules, BiConsumer<Path, String> loader) {
        this.index = index;
        this.modules = modules;
        this.loader = loader;
    }

    /** Looks at the devices on {@code buses} and loads what matches, round after round; the modules loaded. */
    Set<String> loadForDevices(Path buses) throws IOException {
        Set<String> all = new LinkedHashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Set<String> wanted = new LinkedHashSet<>();
            for (String alias : modaliases(buses)) {
                wanted.addAll(index.matching(alias));
            }
            wanted.removeAll(loaded);
            if (wanted.isEmpty()) {
                break;
            }
            for (String module : wanted) {
                all.addAll(load(module));
            }
        }
        return all;
    }

    /** Loads {@code module} after its dependencies (each once); the ones this call loaded. */
    Set<String> load(String module) {
        Set<String> done = new LinkedHashSet<>();
        for (String m : index.loadOrder(module)) {
            if (!loaded.add(m)) {
                continue;
            }
            try {
                loader.accept(modules.resolve(index.path(m).orElseThrow()), "");
                done.add(m);
            } catch (RuntimeException e) {
                Log.warn("kernel module not loaded", "module", m, "error", e.getMessage());
            }
        }
        return done;
    }

    /**
     * The modaliases of the devices on every bus ({@code /sys/bus/<bus>/devices/<device>/modalias}): the same
     * devices as a walk of /sys/devices finds, but a few hundred files to look at instead of tens of thousands.
     */
    static Set<String> modaliases(Path buses) throws IOException {
        Set<String> aliases = new LinkedHashSet<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> bus = Files.list(buses)) {
            for (Path b : bus.toList()) {
                Path devices = b.resolve("devices");
                if (Files.isDirectory(devices)) {
                    try (Stream<Path> device = Files.list(devices)) {
                        device.map(d -> d.resolve("modalias")).forEach(files::add);
                    }
                }
            }
        }
        for (Path p : files) {
            try {
                String alias = Files.readString(p).trim();
                if (!alias.isEmpty()) {
                    aliases.add(alias);
                }
            } catch (IOException e) {
                // a device without a modalias (or gone meanwhile) has no driver to load
            }
        }
        return aliases;
    }
}
