package dev.anvil.machined.procfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One processor's block of /proc/cpuinfo: its "name : value" lines, names as the kernel writes them (x86 writes
 * "model name", "cpu MHz", "flags"; arm64 "BogoMIPS", "Features"). The typed getters read a missing or malformed
 * value as empty or 0, since what a kernel writes here varies by architecture and version.
 */
public record CpuDescription(Map<String, String> fields) {

    public CpuDescription {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The blocks that describe a processor (they have a "processor" line); others (arm's "Hardware") are left. */
    public static List<CpuDescription> parse(String text) {
        List<CpuDescription> cpus = new ArrayList<>();
        for (String block : text.split("\n\\s*\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : block.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
            if (fields.containsKey("processor")) {
                cpus.add(new CpuDescription(fields));
            }
        }
        return cpus;
    }

    public String text(String name) {
        return fields.getOrDefault(name, "");
    }

    public int integer(String name) {
        try {
            return Integer.parseInt(text(name));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public double decimal(String name) {
        try {
            return Double.parseDouble(text(name));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A space-separated list such as "flags". */
    public List<String> words(String name) {
        String value = text(name);
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }
}
