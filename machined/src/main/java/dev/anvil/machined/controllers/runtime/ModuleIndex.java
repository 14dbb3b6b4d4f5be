package dev.anvil.machined.controllers.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;

/**
 * The kernel's module index ({@code /lib/modules/<release>/modules.dep}, which depmod writes): each module's file
 * and the modules it needs, so that a module is loaded after what it depends on, as modprobe does. Names compare
 * with {@code -} and {@code _} alike, as the kernel's do.
 */
final class ModuleIndex {
    private final Path directory;
    private final Map<String, Line> modules;

    private record Line(Path file, List<String> needs) {
    }

    private ModuleIndex(Path directory, Map<String, Line> modules) {
        this.directory = directory;
        this.modules = modules;
    }

    /** Reads {@code directory}/modules.dep; a kernel without one has no loadable modules. */
    static ModuleIndex read(Path directory) throws IOException {
        Map<String, Line> modules = new HashMap<>();
        Path dep = directory.resolve("modules.dep");
        if (Files.exists(dep)) {
            for (String line : Files.readAllLines(dep)) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                List<String> needs = new ArrayList<>();
                for (String need : line.substring(colon + 1).trim().split("\\s+")) {
                    if (!need.isEmpty()) {
                        needs.add(nameOf(need));
                    }
                }
                String file = line.substring(0, colon).trim();
                modules.put(nameOf(file), new Line(Path.of(file), needs));
            }
        }
        return new ModuleIndex(directory, modules);
    }

    /** A module's name from its path: the file name up to {@code .ko}, with {@code -} as {@code _}. */
    static String nameOf(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int ko = file.indexOf(".ko");
        return canonical(ko < 0 ? file : file.substring(0, ko));
    }

    static String canonical(String name) {
        return name.replace('-', '_');
    }

    /**
     * The files to load for {@code name}, dependencies first (each once), or empty when the index has no such
     * module.
     */
    Optional<List<Path>> loadOrder(String name) {
        if (!modules.containsKey(canonical(name))) {
            return Optional.empty();
        }
        SequencedSet<String> order = new LinkedHashSet<>();
        visit(canonical(name), order, new LinkedHashSet<>());
        return Optional.of(order.stream().map(m -> directory.resolve(modules.get(m).file())).toList());
    }

    private void visit(String name, SequencedSet<String> order, SequencedSet<String> path) {
        Line line = modules.get(name);
        if (line == null || order.contains(name) || !path.add(name)) {
            return;
        }
        // modules.dep lists every needed module, the deepest last: load from the end
        for (String need : line.needs().reversed()) {
            visit(need, order, path);
        }
        order.add(name);
    }
}
