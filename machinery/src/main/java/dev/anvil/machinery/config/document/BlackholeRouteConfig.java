package dev.anvil.machinery.config.document;

/** A blackhole route to the destination prefix that names the document. */
public record BlackholeRouteConfig(String name, Long metric) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
