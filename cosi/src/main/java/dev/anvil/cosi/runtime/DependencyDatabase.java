package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who writes which type and who depends on which kind. It enforces the output rules at registration: an exclusive
 * type has one controller; a type is never both exclusive and shared; a controller declares a shared type once.
 * Thread-safe: every method holds the database's lock, which is uncontended in steady state (registrations are rare,
 * lookups come from the one dispatcher thread).
 */
final class DependencyDatabase {
    /** A controller's input, as found by a lookup. */
    record Subscription(String controller, Input input) {
    }

    private final Map<String, OutputKind> outputKinds = new HashMap<>();
    private final Map<String, TreeSet<String>> outputControllers = new HashMap<>();
    private final Map<String, List<Output>> outputsByController = new TreeMap<>();
    private final Map<String, List<Input>> inputsByController = new TreeMap<>();
    private final Map<Kind, List<Subscription>> subscriptions = new HashMap<>();

    /** Registers outputs all at once, or none with the first rule broken. */
    synchronized void addOutputs(String controller, List<Output> outputs) {
        Map<String, OutputKind> seen = new HashMap<>();
        for (Output output : outputs) {
            OutputKind registered = outputKinds.get(output.type());
            if (registered == OutputKind.EXCLUSIVE || (registered != null && output.kind() == OutputKind.EXCLUSIVE)) {
                throw managed(output.type(), registered);
            }
            if (seen.put(output.type(), output.kind()) != null
                    || (registered != null && outputControllers.get(output.type()).contains(controller))) {
                throw new IllegalArgumentException("duplicate shared controller output: \"" + output.type()
                        + "\" -> \"" + controller + "\"");
            }
        }
        for (Output output : outputs) {
            outputKinds.put(output.type(), output.kind());
            outputControllers.computeIfAbsent(output.type(), t -> new TreeSet<>()).add(controller);
        }
        outputsByController.put(controller, List.copyOf(outputs));
    }

    private IllegalArgumentException managed(String type, OutputKind registered) {
        String mode = registered == OutputKind.EXCLUSIVE ? "exclusive" : "shared";
        return new IllegalArgumentException("resource \"" + type + "\" is already managed in " + mode + " mode by \""
                + outputControllers.get(type).first() + "\"");
    }

    /** Refuses duplicate inputs (same namespace, type and ID); returns the inputs sorted. */
    static List<Input> checkInputs(String controller, List<Input> inputs) {
        List<Input> sorted = inputs.stream().sorted().toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).sameTarget(sorted.get(i - 1))) {
                throw new IllegalArgumentException("controller \"" + controller + "\" declares a duplicate input: "
                        + sorted.get(i - 1) + " and " + sorted.get(i));
            }
        }
        return sorted;
    }

    /** Replaces a controller's inputs; see {@link #checkInputs}. */
    synchronized void setInputs(String controller, List<Input> inputs) {
        List<Input> sorted = checkInputs(controller, inputs);
        List<Input> previous = inputsByController.put(controller, sorted);
        if (previous != null) {
            for (Input input : previous) {
                subscriptions.get(input.resourceKind()).removeIf(s -> s.controller().equals(controller));
            }
        }
        for (Input input : sorted) {
            subscriptions.computeIfAbsent(input.resourceKind(), k -> new ArrayList<>())
                    .add(new Subscription(controller, input));
        }
    }

    /** The inputs of a controller, sorted by namespace, type and ID. */
    synchronized List<Input> inputs(String controller) {
        return inputsByController.getOrDefault(controller, List.of());
    }

    /** The outputs of a controller: exclusive before shared, then by type. */
    synchronized List<Output> outputs(String controller) {
        return outputsByController.getOrDefault(controller, List.of()).stream()
                .sorted(Comparator.comparing(Output::kind).thenComparing(Output::type)).toList();
    }

    /** Kind-wide subscribers of the pointer's kind, and subscribers of exactly this ID. */
    synchronized List<Subscription> dependents(Pointer pointer) {
        List<Subscription> all = subscriptions.get(pointer.kind());
        if (all == null) {
            return List.of();
        }
        List<Subscription> matching = new ArrayList<>(all.size());
        for (Subscription subscription : all) {
            if (subscription.input().covers(pointer)) {
                matching.add(subscription);
            }
        }
        return matching;
    }

    synchronized DependencyGraph export() {
        List<DependencyGraph.Edge> edges = new ArrayList<>();
        outputsByController.forEach((controller, outputs) -> outputs.forEach(output -> edges.add(
                new DependencyGraph.Edge(controller, "", output.type(), "", EdgeType.of(output.kind())))));
        inputsByController.forEach((controller, inputs) -> inputs.forEach(input -> edges.add(
                new DependencyGraph.Edge(controller, input.namespace(), input.type(),
                        input.id() == null ? "" : input.id(), EdgeType.of(input.kind())))));
        return new DependencyGraph(edges);
    }
}
