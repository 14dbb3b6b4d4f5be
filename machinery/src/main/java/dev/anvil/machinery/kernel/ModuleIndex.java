package dev.anvil.machinery.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kernel's module index as depmod writes it: {@code modules.dep} ("path: dependency-path...") and
 * {@code modules.alias} ("alias pattern module"). The imager uses it to pick the modules an image ships, machined to
 * load a device's driver by its modalias (there is no udevd) with its dependencies first. Module names are
 * normalised as the kernel does: '-' and '_' are the same.
 */
public final class ModuleIndex {
    private record Alias(Pattern pattern, String module) {
    }

    private final Map<String, String> paths = new LinkedHashMap<>();
    private final Map<String, List<String>> dependencies = new LinkedHashMap<>();
    private final List<Alias> aliases = new ArrayList<>();

    private ModuleIndex() {
    }

    /** Reads {@code directory}'s modules.dep and modules.alias; a missing file is an empty one. */
    public static ModuleIndex read(java.nio.file.Path directory) throws java.io.IOException {
        return parse(readIfThere(directory.resolve("modules.dep")), readIfThere(directory.resolve("modules.alias")));
    }

    private static String readIfThere(java.nio.file.Path file) throws java.io.IOException {
        return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
    }

    public static ModuleIndex parse(String modulesDep, String modulesAlias) {
        ModuleIndex index = new ModuleIndex();
        for (String line : modulesDep.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String path = line.substring(0, colon).trim();
            List<String> deps = new ArrayList<>();
            for (String dep : line.substring(colon + 1).trim().split("\\s+")) {
                if (!dep.isEmpty()) {
                    deps.add(nameOf(dep));
                }
            }
            index.paths.put(nameOf(path), path);
            index.dependencies.put(nameOf(path), deps);
        }
        for (String line : modulesAlias.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals("alias")) {
                index.aliases.add(new Alias(glob(f[1]), normalise(f[2])));
            }
        }
        return index;
    }

    /** The module's name from its file's path: {@code kernel/fs/ext4/ext4.ko} is ext4. */
    public static String nameOf(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int ko = file.indexOf(".ko");
        return normalise(ko < 0 ? file : file.substring(0, ko));
    }

    public static String normalise(String name) {
        return name.replace('-', '_');
    }

    /** The module's file, relative to the modules directory, when the index has it. */
    public Optional<String> path(String module) {
        return Optional.ofNullable(paths.get(normalise(module)));
    }

    public Set<String> modules() {
        return paths.keySet();
    }

    /**
     * The modules to load for {@code module}, in load order: every dependency before what needs it, {@code module}
     * last, each once. A module the index does not know gives an empty list.
     */
    public List<String> loadOrder(String module) {
        Set<String> order = new LinkedHashSet<>();
        visit(normalise(module), order, new LinkedHashSet<>());
        return List.copyOf(order);
    }

    private void visit(String module, Set<String> order, Set<String> visiting) {
        if (order.contains(module) || !paths.containsKey(module) || !visiting.add(module)) {
            return;
        }
        // modules.dep lists every needed module, the deepest last: load from the end
        for (String dep : dependencies.getOrDefault(module, List.of()).reversed()) {
            visit(dep, order, visiting);
        }
        order.add(module);
    }

    /** The modules whose alias patterns match a device's modalias, in the index's order. */
    public List<String> matching(String modalias) {
        Set<String> found = new LinkedHashSet<>();
        for (Alias alias : aliases) {
            if (alias.pattern().matcher(modalias).matches() && paths.containsKey(alias.module())) {
                found.add(alias.module());
            }
        }
        return List.copyOf(found);
    }

    /** The alias lines (as modules.alias has them) of the given modules only, for a smaller index. */
    public static String aliasLinesOf(String modulesAlias, Set<String> modules) {
        StringBuilder out = new StringBuilder();
        for (String line : modulesAlias.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3 && f[0].equals("alias") && modules.contains(normalise(f[2]))) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The dependency lines of the given modules only. */
    public String depLinesOf(Set<String> modules) {
        StringBuilder out = new StringBuilder();
        paths.forEach((name, path) -> {
            if (modules.contains(name)) {
                out.append(path).append(':');
                for (String dep : dependencies.get(name)) {
                    out.append(' ').append(paths.get(dep));
                }
                out.append('\n');
            }
        });
        return out.toString();
    }

    /** An fnmatch pattern (*, ?, [...]) as a regular expression. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        regex.append("\\[");
                    } else {
                        String set = pattern.substring(i + 1, end);
                        regex.append('[');
                        for (int j = 0; j < set.length(); j++) {
                            char s = set.charAt(j);
                            if (j == 0 && s == '!') {
                                regex.append('^');
                            } else {
                                regex.append("\\[]&^".indexOf(s) >= 0 ? "\\" + s : String.valueOf(s));
                            }
                        }
                        regex.append(']');
                        i = end;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
