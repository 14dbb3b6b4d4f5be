package dev.anvil.machinery.config.document;

import java.util.List;

/** A VLAN link on top of a parent link. */
public record VLANConfig(String name, Integer vlanID, String vlanMode, String parent, Boolean up, Long mtu,
                         List<Link.Address> addresses, List<Link.Route> routes, Boolean multicast)
        implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
