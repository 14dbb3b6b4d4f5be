package dev.anvil.machinery.config.document;

import java.util.List;

/** Settings of an existing (physical) link, by name or alias. */
public record LinkConfig(String name, Boolean up, Long mtu, List<Link.Address> addresses, List<Link.Route> routes,
                         Boolean multicast) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
