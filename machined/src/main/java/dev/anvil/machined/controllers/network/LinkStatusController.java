package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machinery.resources.network.LinkKinds;
import dev.anvil.machinery.resources.network.LinkSpec;
import dev.anvil.machinery.resources.network.LinkStatus;
import dev.anvil.sys.netlink.Link;
import dev.anvil.sys.netlink.RtNetlink;
import dev.anvil.sys.netlink.RtNetlinkWatch;

import java.util.HexFormat;
import java.util.List;

/**
 * Publishes every link of the node's namespace as a {@code LinkStatus}, read by a dump whenever rtnetlink reports a
 * link change; links that are gone lose their status. The link state (carrier) is the kernel's LOWER_UP flag here,
 * where Talos asks ethtool.
 */
public final class LinkStatusController extends KernelWatching {
    public LinkStatusController(KernelNetwork network) {
        super(network, RtNetlinkWatch.LINK);
    }

    @Override
    public String name() {
        return "network.LinkStatusController";
    }

    @Override
    public List<Input> inputs() {
        return List.of();
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(LinkStatus.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws Exception {
        List<Link> links = network.call(RtNetlink::links);
        ctx.startTrackingOutputs();
        for (Link link : links) {
            Specs.put(ctx, LinkStatus.KIND.pointer(link.name()), status(link, links));
        }
        ctx.cleanupOutputs(LinkStatus.KIND);
    }

    static LinkStatus status(Link link, List<Link> all) {
        LinkKinds.Vlan vlan = link.kind().equals("vlan") ? new LinkKinds.Vlan(link.vlanId(),
                link.vlanProtocol() == RtNetlink.VLAN_8021AD ? LinkKinds.VlanProtocol.IEEE_8021AD
                        : LinkKinds.VlanProtocol.IEEE_8021Q) : null;
        LinkKinds.Veth veth = link.kind().equals("veth") ? new LinkKinds.Veth(all.stream()
                .filter(peer -> peer.index() == link.linkIndex() && peer.linkIndex() == link.index())
                .map(Link::name).findFirst().orElse("")) : null;
        return new LinkStatus(link.alias(), link.index(), LinkSpec.LinkType.of(link.type()), link.linkIndex(),
                link.flags(), hardware(link.hardwareAddress()), hardware(link.broadcastAddress()), link.mtu(),
                link.queueDisc(), link.master(), LinkStatus.OperationalState.of(link.operationalState()),
                link.kind(), link.slaveKind(), link.lowerUp(), vlan, veth);
    }

    private static Bytes hardware(String text) {
        return Bytes.of(text.isEmpty() ? new byte[0] : HexFormat.ofDelimiter(":").parseHex(text));
    }
}
