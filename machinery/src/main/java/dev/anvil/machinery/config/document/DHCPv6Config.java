package dev.anvil.machinery.config.document;

/** Run a DHCPv6 client on the named link. */
public record DHCPv6Config(String name, Long routeMetric, Boolean ignoreHostname, String clientIdentifier,
                           String duidRaw) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
