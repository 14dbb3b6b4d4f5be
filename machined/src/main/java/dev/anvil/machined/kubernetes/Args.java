package dev.anvil.machined.kubernetes;

import dev.anvil.machinery.config.schema.ArgValue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Command-line flags as Talos's argsbuilder makes them: {@code --name=value}, sorted by name; extra args from the
 * config replace Talos's value, add to it for the additive flags (a comma-separated set), and may not touch the
 * denied ones (the files and certificates Talos manages), which fails with the flag's name.
 */
final class Args {
    private final Map<String, String> flags = new TreeMap<>();

    Args set(String flag, String value) {
        flags.put(flag, value);
        return this;
    }

    Args merge(Map<String, ArgValue> extra, Set<String> additive, Set<String> denied, String path) {
        if (extra == null) {
            return this;
        }
        for (Map.Entry<String, ArgValue> e : extra.entrySet()) {
            String flag = e.getKey();
            String value = e.getValue().single() != null ? e.getValue().single()
                    : String.join(",", e.getValue().many());
            if (denied.contains(flag)) {
                throw new IllegalArgumentException(path + "." + flag + ": the flag is set by Anvil and may not be"
                        + " overridden");
            }
            if (additive.contains(flag) && flags.containsKey(flag)) {
                Set<String> values = new LinkedHashSet<>(List.of(flags.get(flag).split(",")));
                values.addAll(List.of(value.split(",")));
                flags.put(flag, String.join(",", values));
            } else {
                flags.put(flag, value);
            }
        }
        return this;
    }

    List<String> flags() {
        List<String> flags = new ArrayList<>();
        this.flags.forEach((flag, value) -> flags.add("--" + flag + "=" + value));
        return flags;
    }

    List<String> command(String binary, String... leading) {
        List<String> command = new ArrayList<>(List.of(binary));
        command.addAll(List.of(leading));
        command.addAll(flags());
        return command;
    }
}
