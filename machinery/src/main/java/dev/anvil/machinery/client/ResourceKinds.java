package dev.anvil.machinery.client;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.State;
import dev.anvil.machinery.resources.RawSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the type a user means by a name, from the resource definitions a node publishes, as talosctl does: the
 * name matches a definition's type or any of its aliases (plural, singular, short forms), ignoring case.
 */
public final class ResourceKinds {
    private ResourceKinds() {
    }

    /** Every definition the state publishes, whether the client decoded their specs or kept them raw. */
    public static List<ResourceDefinitionSpec> definitions(State state) {
        List<ResourceDefinitionSpec> definitions = new ArrayList<>();
        for (Resource<?> r : state.list(ResourceDefinitionSpec.pointer("").kind())) {
            definitions.add(switch (r.spec()) {
                case ResourceDefinitionSpec spec -> spec;
                case RawSpec raw -> ProtoSpecCodec.decode(raw.protoSpec().toByteArray(),
                        ResourceDefinitionSpec.class);
                default -> throw new IllegalStateException("a resource definition with a "
                        + r.spec().getClass().getSimpleName() + " spec: " + r.pointer());
            });
        }
        return definitions;
    }

    /**
     * The one definition called {@code name}.
     *
     * @throws IllegalArgumentException if no definition or more than one is called so
     */
    public static ResourceDefinitionSpec resolve(State state, String name) {
        List<ResourceDefinitionSpec> matched = definitions(state).stream().filter(d -> d.isCalled(name)).toList();
        return switch (matched.size()) {
            case 0 -> throw new IllegalArgumentException("resource \"" + name + "\" is not registered"
                    + " (anvilctl get rd lists the types)");
            case 1 -> matched.getFirst();
            default -> throw new IllegalArgumentException("resource type \"" + name + "\" is ambiguous: "
                    + matched.stream().map(d -> ResourceDefinitionSpec.pointer(d.type()).id()).toList());
        };
    }
}
