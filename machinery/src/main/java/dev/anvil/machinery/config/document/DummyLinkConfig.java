package dev.anvil.machinery.config.document;

import java.util.List;

/** A dummy link the node creates. */
public record DummyLinkConfig(String name, String hardwareAddr, Boolean up, Long mtu, List<Link.Address> addresses,
                              List<Link.Route> routes, Boolean multicast) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
