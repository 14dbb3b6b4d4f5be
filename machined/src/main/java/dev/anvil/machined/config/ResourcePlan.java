package dev.anvil.machined.config;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.cosi.state.ListOptions;
import dev.anvil.cosi.state.State;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machinery.config.ConfigBundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a config would do to the node's spec resources, for a dry run: each config controller's pure part
 * ({@link ConfigSpecController#desired}) runs over the new config, reading its other inputs from the node's state,
 * and what it yields is compared with the specs that controller owns now. Nothing is written. Specs derived from
 * those (merged network specs, statuses) follow from them and are not listed.
 */
public final class ResourcePlan {
    private final List<ConfigSpecController<?>> controllers;
    private final State state;

    public ResourcePlan(List<ConfigSpecController<?>> controllers, State state) {
        this.controllers = List.copyOf(controllers);
        this.state = state;
    }

    /** One spec resource the config would change. */
    public record Step(char action, Pointer pointer, List<String> lines) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("  ").append(action).append(' ').append(pointer.type()).append(' ')
                    .append(pointer.namespace()).append('/').append(pointer.id());
            lines.forEach(line -> text.append("\n      ").append(line));
            return text.toString();
        }
    }

    /** The steps that take the node's specs to those of {@code next}: created (+), updated (~), destroyed (-). */
    public List<Step> steps(ConfigBundle next) {
        ControllerReader reader = new StateReader(state);
        List<Step> steps = new ArrayList<>();
        for (ConfigSpecController<?> controller : controllers) {
            Map<String, Spec> now = new LinkedHashMap<>();
            for (Resource<?> r : state.list(controller.kind())) {
                if (controller.name().equals(r.metadata().owner())) {
                    now.put(r.id(), r.spec());
                }
            }
            Map<String, Spec> wanted = new LinkedHashMap<>();
            controller.desired(reader, next).forEach(k -> wanted.put(k.id(), k.spec()));
            Set<String> ids = new LinkedHashSet<>(now.keySet());
            ids.addAll(wanted.keySet());
            for (String id : ids) {
                Spec before = now.get(id);
                Spec after = wanted.get(id);
                Pointer pointer = controller.kind().pointer(id);
                if (before == null) {
                    steps.add(new Step('+', pointer, yaml(after)));
                } else if (after == null) {
                    steps.add(new Step('-', pointer, List.of()));
                } else if (!before.equals(after)) {
                    steps.add(new Step('~', pointer, changedLines(yaml(before), yaml(after))));
                }
            }
        }
        return steps;
    }

    /** The plan as a dry run prints it. */
    public String describe(ConfigBundle next) {
        List<Step> steps = steps(next);
        if (steps.isEmpty()) {
            return "Resource plan: no spec changes.";
        }
        StringBuilder text = new StringBuilder("Resource plan (+ create, ~ update, - destroy):");
        steps.forEach(step -> text.append('\n').append(step));
        return text.toString();
    }

    private static List<String> yaml(Spec spec) {
        return ResourceYaml.encodeSpec(spec).lines().toList();
    }

    /** The lines only one side has, removed ones first; enough for the flat specs the config controllers write. */
    private static List<String> changedLines(List<String> before, List<String> after) {
        List<String> lines = new ArrayList<>();
        before.stream().filter(line -> !after.contains(line)).forEach(line -> lines.add("- " + line));
        after.stream().filter(line -> !before.contains(line)).forEach(line -> lines.add("+ " + line));
        return lines;
    }

    /** Reads straight from the state, with none of a controller's access checks: a plan reads, never writes. */
    private record StateReader(State state) implements ControllerReader {
        @Override
        public Resource<?> get(Pointer pointer) {
            return state.get(pointer);
        }

        @Override
        public List<Resource<?>> list(Kind kind, ListOptions options) {
            return state.list(kind, options);
        }

        @Override
        public CompletableFuture<Void> teardownSignal(Pointer pointer) {
            return new CompletableFuture<>();
        }
    }
}
