package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machinery.resources.network.AddressStatus;
import dev.anvil.machinery.resources.network.LinkStatus;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.NetworkResources;
import dev.anvil.machinery.resources.network.NodeAddress;
import dev.anvil.machinery.resources.network.Scope;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The node's address sets from the address and link statuses, as Talos's NodeAddressController with its first
 * (v1) sort: global addresses that are not loopback, multicast or link-local, ordered by link name then address.
 * {@code default} is the first of them and stays while it is current; {@code current} and {@code routed} hold those
 * on links that are up (operationally up or unknown, and with a carrier if physical); {@code accumulative} only
 * grows. Address filters and the v2 sort are not there yet.
 */
public final class NodeAddressController implements Controller {
    /** Talos's v1 order: IPv4 before IPv6, then by the address bytes, then the prefix length. */
    static final Comparator<NetIpPrefix> V1 = Comparator.comparingInt((NetIpPrefix p) -> p.ip().length())
            .thenComparing(p -> p.ip().toByteArray(), java.util.Arrays::compareUnsigned)
            .thenComparingInt(NetIpPrefix::prefixLength);

    @Override
    public String name() {
        return "network.NodeAddressController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(NetworkResources.NAMESPACE, AddressStatus.TYPE),
                Input.weak(NetworkResources.NAMESPACE, LinkStatus.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(NodeAddress.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Set<Integer> linksUp = new HashSet<>();
        for (Resource<?> raw : ctx.list(LinkStatus.KIND)) {
            LinkStatus link = raw.as(LinkStatus.class).spec();
            boolean operational = link.operationalState() == LinkStatus.OperationalState.UP
                    || link.operationalState() == LinkStatus.OperationalState.UNKNOWN;
            if (operational && (!link.physical() || link.linkState())) {
                linksUp.add(link.index());
            }
        }
        List<AddressStatus> addresses = new ArrayList<>();
        for (Resource<?> raw : ctx.list(AddressStatus.KIND)) {
            AddressStatus address = raw.as(AddressStatus.class).spec();
            InetAddress ip = address.address().address().toInetAddress();
            if (address.scope() == Scope.GLOBAL || address.scope() == Scope.SITE) {
                if (!ip.isLoopbackAddress() && !ip.isMulticastAddress() && !ip.isLinkLocalAddress()) {
                    addresses.add(address);
                }
            }
        }
        addresses.sort(Comparator.comparing(AddressStatus::linkName).thenComparing(AddressStatus::address, V1));
        List<NetIpPrefix> current = new ArrayList<>();
        for (AddressStatus address : addresses) {
            if (linksUp.contains(address.linkIndex()) && !current.contains(address.address())) {
                current.add(address.address());
            }
        }
        current.sort(V1);
        ctx.startTrackingOutputs();
        if (!addresses.isEmpty()) {
            NetIpPrefix first = addresses.getFirst().address();
            List<NetIpPrefix> kept = Specs.find(ctx, NodeAddress.KIND.pointer(NodeAddress.DEFAULT_ID),
                    NodeAddress.class).map(r -> r.spec().addresses()).orElse(List.of());
            Specs.put(ctx, NodeAddress.KIND.pointer(NodeAddress.DEFAULT_ID), new NodeAddress(
                    !kept.isEmpty() && current.contains(kept.getFirst()) ? kept : List.of(first),
                    NodeAddress.SortAlgorithm.V1));
        }
        Specs.put(ctx, NodeAddress.KIND.pointer(NodeAddress.CURRENT_ID),
                new NodeAddress(current, NodeAddress.SortAlgorithm.V1));
        Specs.put(ctx, NodeAddress.KIND.pointer(NodeAddress.ROUTED_ID),
                new NodeAddress(current, NodeAddress.SortAlgorithm.V1));
        List<NetIpPrefix> accumulative = new ArrayList<>(Specs.find(ctx,
                NodeAddress.KIND.pointer(NodeAddress.ACCUMULATIVE_ID), NodeAddress.class)
                .map(r -> r.spec().addresses()).orElse(List.of()));
        addresses.stream().map(AddressStatus::address).filter(a -> !accumulative.contains(a))
                .forEach(accumulative::add);
        accumulative.sort(V1);
        Specs.put(ctx, NodeAddress.KIND.pointer(NodeAddress.ACCUMULATIVE_ID),
                new NodeAddress(accumulative, NodeAddress.SortAlgorithm.V1));
        ctx.cleanupOutputs(NodeAddress.KIND);
    }
}
