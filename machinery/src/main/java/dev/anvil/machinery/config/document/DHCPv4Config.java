package dev.anvil.machinery.config.document;

/** Run a DHCPv4 client on the named link. */
public record DHCPv4Config(String name, Long routeMetric, Boolean ignoreHostname, Boolean ignoreRoutes,
                           String clientIdentifier, String duidRaw) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
