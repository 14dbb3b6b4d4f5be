package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.network.KernelNetwork;
import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.AddressStatus;
import dev.anvil.sys.ArpAnnounce;
import dev.anvil.sys.SyscallException;
import dev.anvil.sys.netlink.Address;
import dev.anvil.sys.netlink.Link;
import dev.anvil.sys.netlink.RtNetlink;
import dev.anvil.sys.netlink.RtNetlinkWatch;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Applies the merged address specs to the kernel, as Talos's AddressSpecController: an address missing from its
 * link is added; one whose scope, managed flags or priority differ is replaced; one whose link is not there yet
 * waits for a link change. Each applied spec carries this controller's finalizer; when the spec is torn down its
 * address is removed and the finalizer with it. Address and link statuses are inputs, so an address removed by hand
 * (its status goes) is put back. An address whose spec asks for it is announced with gratuitous ARP once added.
 */
public final class AddressSpecController extends KernelSpecApplier<AddressSpec> {
    private static final int EEXIST = 17;
    /** Talos's managed flags: permanent, nodad, homeaddress, mngtmpaddr, noprefixroute, mcautojoin. */
    private static final int MANAGED_FLAGS = 0x80 | 0x02 | 0x10 | 0x100 | 0x200 | 0x400;

    public AddressSpecController(KernelNetwork network) {
        super(network, RtNetlinkWatch.LINK, AddressSpec.KIND, AddressSpec.class, AddressStatus.TYPE);
    }

    @Override
    public String name() {
        return "network.AddressSpecController";
    }

    static Optional<Link> link(List<Link> links, String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst()
                .or(() -> links.stream().filter(l -> !l.alias().isEmpty() && l.alias().equals(name)).findFirst());
    }

    @Override
    void sync(RtNetlink rt, AddressSpec spec, Phase phase) {
        Optional<Link> link = link(rt.links(), spec.linkName());
        if (link.isEmpty()) {
            return;
        }
        int index = link.get().index();
        InetAddress ip = spec.address().address().toInetAddress();
        int prefix = spec.address().prefixLength();
        Optional<Address> existing = rt.addresses().stream().filter(a -> a.is(index, ip, prefix)).findFirst();
        int flags = spec.flags() == AddressSpec.Flags.PERMANENT ? Address.IFA_F_PERMANENT : 0;
        if (phase == Phase.TEARING_DOWN) {
            if (existing.isPresent()) {
                rt.deleteAddress(index, ip, prefix);
                Log.info("removed address", "address", spec.address().toString(), "link", spec.linkName());
            }
            return;
        }
        if (existing.isPresent()) {
            Address a = existing.get();
            if (a.scope() == spec.scope().number() && (a.flags() & MANAGED_FLAGS) == flags
                    && a.priority() == spec.priority()) {
                return;
            }
            rt.deleteAddress(index, ip, prefix);
            Log.info("replacing address", "address", spec.address().toString(), "link", spec.linkName());
        }
        try {
            rt.addAddress(new Address(index, ip, prefix, spec.scope().number(), flags, spec.priority(), null, null));
            Log.info("assigned address", "address", spec.address().toString(), "link", spec.linkName());
        } catch (SyscallException e) {
            if (e.errno() != EEXIST) {
                throw e;
            }
        }
        if (spec.announceWithArp() && ip instanceof Inet4Address v4) {
            announce(link.get(), v4);
        }
    }

    /** Gratuitous ARP for an address just assigned (a VIP that moved here): neighbours learn its new owner now. */
    private static void announce(Link link, Inet4Address ip) {
        try {
            ArpAnnounce.send(link.index(), HexFormat.ofDelimiter(":").parseHex(link.hardwareAddress()), ip);
            Log.info("announced address with gratuitous ARP", "address", ip.getHostAddress(), "link", link.name());
        } catch (RuntimeException e) {
            Log.warn("gratuitous ARP failed", "address", ip.getHostAddress(), "link", link.name(), "error",
                    e.getMessage());
        }
    }
}
