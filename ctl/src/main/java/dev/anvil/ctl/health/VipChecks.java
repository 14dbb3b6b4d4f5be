package dev.anvil.ctl.health;

import dev.anvil.ctl.api.ApiSession;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.network.AddressStatus;
import dev.anvil.machinery.resources.network.NetworkResources;
import dev.anvil.machinery.resources.network.OperatorSpec;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shared IP of the control planes ({@code machine.network.interfaces[].vip}): each VIP their configs name (the
 * merged VIP OperatorSpecs) is among the addresses of exactly one control plane (its AddressStatuses). Control
 * planes that do not answer are left out (the apid check names them); without a VIP in any config there is nothing
 * to hold and the check passes.
 */
final class VipChecks {
    static final ResourceTypes TYPES = NetworkResources.register(ResourceTypes.none());

    private VipChecks() {
    }

    static HealthCheck held() {
        return new HealthCheck() {
            @Override
            public String description() {
                return "VIP to be held";
            }

            @Override
            public List<String> problems(ApiSession api, ClusterNodes nodes) {
                Map<String, TreeSet<String>> holders = new TreeMap<>();
                Map<String, List<String>> addresses = new TreeMap<>();
                for (String node : nodes.controlPlanes()) {
                    try {
                        var state = api.state(node, TYPES);
                        state.list(OperatorSpec.KIND).stream().map(r -> r.as(OperatorSpec.class).spec())
                                .filter(s -> s.operator() == OperatorSpec.Operator.VIP && s.vip() != null)
                                .forEach(s -> holders.computeIfAbsent(s.vip().ip().toString(), ip -> new TreeSet<>()));
                        addresses.put(node, state.list(AddressStatus.KIND).stream()
                                .map(r -> r.as(AddressStatus.class).spec().address().address().toString()).toList());
                    } catch (StatusRuntimeException e) {
                        // an unreachable control plane holds nothing the cluster can use
                    }
                }
                addresses.forEach((node, held) -> holders.forEach((vip, by) -> {
                    if (held.contains(vip)) {
                        by.add(node);
                    }
                }));
                List<String> problems = new ArrayList<>();
                holders.forEach((vip, by) -> {
                    if (by.isEmpty()) {
                        problems.add(vip + ": no control plane holds the VIP");
                    } else if (by.size() > 1) {
                        problems.add(vip + ": held by " + by.size() + " control planes at once: " + by);
                    }
                });
                return problems;
            }
        };
    }
}
