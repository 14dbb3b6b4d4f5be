package dev.anvil.sys.netlink;

/**
 * A network link as the kernel reports it. {@code kind} is the driver kind for virtual links (bridge, veth, dummy,
 * bond, vlan) and empty for physical ones; {@code master} is the index of the bridge or bond it is enslaved to, or 0.
 */
public record Link(int index, String name, int flags, int mtu, String kind, String hardwareAddress, int master,
        int operationalState) {
    static final int IFF_UP = 1;
    static final int IFF_LOWER_UP = 0x10000;

    /** Administratively up (the flag a user sets). */
    public boolean up() {
        return (flags & IFF_UP) != 0;
    }

    /** The carrier is up: there is a working link below. */
    public boolean lowerUp() {
        return (flags & IFF_LOWER_UP) != 0;
    }
}
