package dev.anvil.machinery.config.document;

import java.util.List;

/** A bridge link over member links. */
public record BridgeConfig(String name, String hardwareAddr, List<String> links, Stp stp, Vlan vlan, Boolean up,
                           Long mtu, List<Link.Address> addresses, List<Link.Route> routes, Boolean multicast)
        implements ConfigDocument {

    public record Stp(Boolean enabled) {
    }

    public record Vlan(Boolean filtering) {
    }

    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
