package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machinery.resources.network.LinkKinds;
import dev.anvil.machinery.resources.network.LinkSpec;
import dev.anvil.machinery.resources.network.LinkStatus;
import dev.anvil.sys.netlink.Link;
import dev.anvil.sys.netlink.RtNetlink;
import dev.anvil.sys.netlink.RtNetlinkWatch;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Applies the merged link specs to the kernel, as Talos's LinkSpecController: a logical link (dummy, bridge, bond,
 * VLAN, veth) is created when missing and replaced when its kind, its VLAN or its bond mode differ; every link is
 * brought up or down, given its MTU and multicast flag, and enslaved to its bond or bridge (or freed). Only what
 * differs is written. Each spec it has applied carries this controller's finalizer, which is how it knows what it
 * manages: when a spec is torn down, its logical link is deleted (a physical one is left as it is) and the
 * finalizer removed. A link missing for now (a VLAN's parent, a master) is retried when the kernel reports a link
 * change. Not applied yet: bridge STP and VLAN filtering, bond options other than the mode and MII monitoring.
 */
public final class LinkSpecController extends KernelSpecApplier<LinkSpec> {
    public LinkSpecController(KernelNetwork network) {
        super(network, RtNetlinkWatch.LINK, LinkSpec.KIND, LinkSpec.class, LinkStatus.TYPE);
    }

    @Override
    public String name() {
        return "network.LinkSpecController";
    }

    @Override
    Comparator<LinkSpec> order() {
        return LinkSpecController::mastersFirst;
    }

    /** Bonds before their members (and members by their place in the bond), as Talos sorts links; else by name. */
    static int mastersFirst(LinkSpec left, LinkSpec right) {
        return Comparator.comparing((LinkSpec s) -> s.bondSlave() != null ? s.bondSlave().masterName() : s.name())
                .thenComparingInt(s -> s.bondSlave() != null ? s.bondSlave().slaveIndex() + 1 : 0)
                .thenComparing(LinkSpec::name).compare(left, right);
    }

    private static Optional<Link> find(List<Link> links, String name) {
        return name == null || name.isEmpty() ? Optional.empty()
                : links.stream().filter(l -> l.name().equals(name) || l.alias().equals(name)).findFirst();
    }

    @Override
    void sync(RtNetlink rt, LinkSpec spec, Phase phase) {
        List<Link> links = rt.links();
        Optional<Link> existing = find(links, spec.name());
        if (phase == Phase.TEARING_DOWN) {
            if (spec.logical() && existing.isPresent()) {
                rt.deleteLink(existing.get().index());
                Log.info("deleted link", "link", spec.name());
            }
            return;
        }
        if (existing.isPresent() && spec.logical() && needsReplacing(existing.get(), spec, links)) {
            Log.info("replacing logical link", "link", spec.name(), "oldKind", existing.get().kind(),
                    "newKind", spec.kind());
            rt.deleteLink(existing.get().index());
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            if (!spec.logical() || !create(rt, spec, links)) {
                return;
            }
            links = rt.links();
            existing = find(links, spec.name());
            if (existing.isEmpty()) {
                throw new IllegalStateException("created link " + spec.name() + " is not in the link list");
            }
        }
        Link link = existing.get();
        if (link.up() != spec.up()) {
            rt.setUp(link.index(), spec.up());
            Log.info(spec.up() ? "brought link up" : "brought link down", "link", spec.name());
        }
        if (spec.mtu() != 0 && link.mtu() != spec.mtu()) {
            rt.setMtu(link.index(), spec.mtu());
            Log.info("changed MTU of the link", "link", spec.name(), "mtu", spec.mtu());
        }
        if (spec.multicast().isPresent() && ((link.flags() & Link.IFF_MULTICAST) != 0) != spec.multicast().get()) {
            rt.setFlag(link.index(), Link.IFF_MULTICAST, spec.multicast().get(), "set multicast on " + spec.name());
        }
        String masterName = spec.bondSlave() != null ? spec.bondSlave().masterName()
                : spec.bridgeSlave() != null ? spec.bridgeSlave().masterName() : null;
        int master = find(links, masterName).map(Link::index).orElse(0);
        if (link.master() != master) {
            // a bond takes only members that are down; the up flag is synced back on the next reconcile
            rt.setUp(link.index(), false);
            rt.setMaster(link.index(), master);
            if (spec.up()) {
                rt.setUp(link.index(), true);
            }
            Log.info(master == 0 ? "freed link from its master" : "enslaved link", "link", spec.name(),
                    "master", masterName == null ? "" : masterName);
        }
    }

    private static boolean needsReplacing(Link link, LinkSpec spec, List<Link> links) {
        if (!link.kind().equals(spec.kind())) {
            return true;
        }
        return switch (spec.kind()) {
            case "vlan" -> spec.vlan() != null && (link.vlanId() != spec.vlan().vid()
                    || link.vlanProtocol() != protocol(spec.vlan().protocol()));
            case "bond" -> spec.bondMaster() != null && link.bondMode() != spec.bondMaster().mode().ordinal();
            case "veth" -> spec.veth() != null && find(links, spec.veth().peerName())
                    .filter(peer -> peer.index() == link.linkIndex()).isEmpty();
            default -> false;
        };
    }

    /** Creates the logical link; false when what it needs (a VLAN's parent) is not there yet. */
    private static boolean create(RtNetlink rt, LinkSpec spec, List<Link> links) {
        switch (spec.kind()) {
            case "vlan" -> {
                Optional<Link> parent = find(links, spec.parentName());
                if (parent.isEmpty() || spec.vlan() == null) {
                    return false;
                }
                rt.createVlan(spec.name(), parent.get().index(), spec.vlan().vid(), protocol(spec.vlan().protocol()));
            }
            case "bond" -> {
                LinkKinds.BondMaster bond = spec.bondMaster();
                rt.createBond(spec.name(), bond == null ? 0 : bond.mode().ordinal(), bond == null ? 0 : bond.miimon());
            }
            case "bridge" -> rt.createBridge(spec.name());
            case "dummy" -> rt.createDummy(spec.name());
            case "veth" -> {
                if (spec.veth() == null || spec.veth().peerName().isEmpty()) {
                    throw new IllegalArgumentException("veth link " + spec.name() + " has no peer name");
                }
                rt.createVeth(spec.name(), spec.veth().peerName());
            }
            default -> throw new IllegalArgumentException("links of kind \"" + spec.kind() + "\" ("
                    + spec.name() + ") are not supported yet");
        }
        Log.info("created link", "link", spec.name(), "kind", spec.kind());
        return true;
    }

    private static int protocol(LinkKinds.VlanProtocol protocol) {
        return protocol == LinkKinds.VlanProtocol.IEEE_8021AD ? RtNetlink.VLAN_8021AD : RtNetlink.VLAN_8021Q;
    }
}
