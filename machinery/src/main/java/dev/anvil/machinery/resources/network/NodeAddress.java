package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.List;

/**
 * Talos's {@code NodeAddress}: one set of the node's addresses, by ID: {@code default} (the first address, kept while
 * it stays), {@code current} (on links that are up), {@code routed} (the same, for traffic between nodes) and
 * {@code accumulative} (every address ever seen since boot).
 */
public record NodeAddress(@ProtoField(1) List<NetIpPrefix> addresses,
                          @ProtoField(2) @YamlName("sortAlgorithm") SortAlgorithm sortAlgorithm) implements Spec {
    public static final String TYPE = "NodeAddresses.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final String DEFAULT_ID = "default";
    public static final String CURRENT_ID = "current";
    public static final String ROUTED_ID = "routed";
    public static final String ACCUMULATIVE_ID = "accumulative";

    /** Talos's address sort algorithms (nethelpers.AddressSortAlgorithm). */
    public enum SortAlgorithm {
        @YamlName("v1") V1,
        @YamlName("v2") V2
    }
}
