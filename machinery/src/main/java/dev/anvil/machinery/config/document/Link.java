package dev.anvil.machinery.config.document;

/** Pieces shared by the link documents (Talos inlines them into each link kind). */
public final class Link {

    private Link() {
    }

    public record Address(String address, Long routePriority) {
    }

    public record Route(String destination, String gateway, String source, Long metric, Long mtu, String table) {
    }
}
