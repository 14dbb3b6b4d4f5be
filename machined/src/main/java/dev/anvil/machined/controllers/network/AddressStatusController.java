package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machinery.resources.network.AddressStatus;
import dev.anvil.machinery.resources.network.Family;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NetIpPrefix;
import dev.anvil.machinery.resources.network.Scope;
import dev.anvil.sys.netlink.Address;
import dev.anvil.sys.netlink.Link;
import dev.anvil.sys.netlink.RtNetlink;
import dev.anvil.sys.netlink.RtNetlinkWatch;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Publishes every address of the node's namespace as an {@code AddressStatus}, read by a dump whenever rtnetlink
 * reports an address or link change: an address removed by hand loses its status at once, which wakes the
 * AddressSpecController.
 */
public final class AddressStatusController extends KernelWatching {
    public AddressStatusController(KernelNetwork network) {
        super(network, RtNetlinkWatch.LINK | RtNetlinkWatch.ADDRESSES);
    }

    @Override
    public String name() {
        return "network.AddressStatusController";
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(AddressStatus.TYPE));
    }

    private record Dump(List<Link> links, List<Address> addresses) {
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws Exception {
        Dump dump = network.call(rt -> new Dump(rt.links(), rt.addresses()));
        Map<Integer, String> names = dump.links().stream().collect(Collectors.toMap(Link::index, Link::name));
        ctx.startTrackingOutputs();
        for (Address address : dump.addresses()) {
            AddressStatus status = status(address, names.getOrDefault(address.linkIndex(), ""));
            Specs.put(ctx, AddressStatus.KIND.pointer(status.id()), status);
        }
        ctx.cleanupOutputs(AddressStatus.KIND);
    }

    static AddressStatus status(Address address, String linkName) {
        NetIp ip = NetIp.of(address.address());
        return new AddressStatus(NetIpPrefix.of(ip, address.prefixLength()),
                address.local() == null ? null : NetIp.of(address.local()),
                address.broadcast() == null ? null : NetIp.of(address.broadcast()), address.linkIndex(), linkName,
                Family.of(ip), Scope.of(address.scope()), address.flags(), address.priority());
    }
}
