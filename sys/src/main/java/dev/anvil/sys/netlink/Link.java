package dev.anvil.sys.netlink;

/**
 * A network link as the kernel reports it (one RTM_NEWLINK message).
 *
 * @param type             the hardware type, an ARPHRD_ number (1 ethernet, 772 loopback)
 * @param kind             the driver kind of a virtual link (bridge, veth, dummy, bond, vlan), empty for a physical one
 * @param slaveKind        the kind of the master this link is enslaved to (bridge, bond), or empty
 * @param master           the index of the bridge or bond it is enslaved to, or 0
 * @param linkIndex        the parent of a VLAN, the peer of a veth (IFLA_LINK), or 0
 * @param operationalState the RFC 2863 state (IF_OPER_: 0 unknown, 2 down, 6 up, ...)
 * @param vlanId           the VLAN ID of a vlan link, else 0
 * @param vlanProtocol     the VLAN protocol of a vlan link (0x8100 for 802.1q, 0x88a8 for 802.1ad), else 0
 * @param bondMode         the mode of a bond link (0 balance-rr ... 6 balance-alb), else -1
 */
public record Link(int index, String name, int type, int flags, int mtu, String kind, String slaveKind,
        String hardwareAddress, String broadcastAddress, int master, int linkIndex, int operationalState,
        String queueDisc, String alias, int vlanId, int vlanProtocol, int bondMode) {
    public static final int IFF_UP = 1;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_LOWER_UP = 0x10000;
    public static final int ARPHRD_ETHER = 1;
    public static final int ARPHRD_LOOPBACK = 772;

    /** Administratively up (the flag a user sets). */
    public boolean up() {
        return (flags & IFF_UP) != 0;
    }

    /** The carrier is up: there is a working link below. */
    public boolean lowerUp() {
        return (flags & IFF_LOWER_UP) != 0;
    }
}
