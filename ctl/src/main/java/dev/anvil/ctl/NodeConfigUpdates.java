package dev.anvil.ctl;

import dev.anvil.api.machine.ApplyConfigurationRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.machinery.client.ResourceKinds;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

import java.util.Collections;
import java.util.List;

/**
 * What patch and edit share, as talosctl's MachineConfigUpdater: the type named on the command line must resolve
 * (through the first node's resource definitions) to the machine config; then, node by node, the active config is
 * read over the State API, changed here, and sent back with ApplyConfiguration to that node alone. The ID argument
 * is accepted and ignored, as talosctl does: the active config is always the one changed.
 */
final class NodeConfigUpdates {
    private NodeConfigUpdates() {
    }

    /** The arguments both commands take, as talosctl's: the resource type, and an ID that changes nothing. */
    static final class Arguments {
        @Parameters(index = "0", paramLabel = "TYPE", description = "machineconfig, or any of its names (mc).")
        String type;
        @Parameters(index = "1", arity = "0..1", paramLabel = "ID",
                description = "Ignored, as by talosctl: the active config is the one changed.")
        String id;
    }

    /** One node's update: its active config in; it applies what it makes of it; returns its failures. */
    interface Update {
        int update(Target target, String config) throws Exception;
    }

    /** A node to update, and how to apply a config to it. */
    record Target(CommandSpec spec, ApiSession api, String node, ApplyRequests flags) {
        /** The name the command prints for it: the node, or the endpoint when the call names none. */
        String label() {
            return node == null ? api.endpoint() : node;
        }

        /** Applies {@code config} to this node alone and prints the reply; a refusal throws. */
        int apply(String config) {
            ApplyConfigurationRequest request = flags.request(config);
            return ApplyRequests.printAndConfirm(spec, api, request, MachineServiceGrpc.newBlockingStub(
                    api.channelFor(node)).applyConfiguration(request), reply -> node, GlobalOptions.of(spec)::open);
        }
    }

    /** Reads each node's active config in turn and has {@code update} change it; returns the exit code. */
    static int run(CommandSpec spec, Arguments arguments, ApplyRequests flags, Update update) throws Exception {
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            List<String> nodes = api.nodes().isEmpty() ? Collections.singletonList(null) : api.nodes();
            ResourceDefinitionSpec definition = ResourceKinds.resolve(api.state(nodes.getFirst(),
                    ResourceTypes.none()), arguments.type);
            if (!definition.type().equals(MachineConfig.TYPE)) {
                throw new IllegalArgumentException("only machineconfig resource type is supported");
            }
            Pointer active = new Kind(definition.defaultNamespace(), definition.type())
                    .pointer(MachineConfig.ACTIVE.id());
            int failures = 0;
            for (String node : nodes) {
                String current = MachineConfig.documents(api.state(node, ResourceTypes.none()).get(active));
                failures += update.update(new Target(spec, api, node, flags), current);
            }
            return failures == 0 ? 0 : 1;
        }
    }
}
