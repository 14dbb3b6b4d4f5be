package dev.anvil.machined.server;

/** Where the node runs, as Talos's Version RPC names it: the platform's name and its mode. */
public record Platform(String name, String mode) {
    /** A node in namespaces on a host (bin/machined); Talos's container platform reports the same. */
    public static final Platform CONTAINER = new Platform("container", "container");
    /** The booted image, machined as init; Talos names bare metal so. */
    public static final Platform METAL = new Platform("metal", "metal");
}
