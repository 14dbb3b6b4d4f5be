package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;
import dev.anvil.cosi.resource.meta.ResourceDefinition;

import java.util.List;

/** Talos's {@code ResolverStatus} ({@code network/resolvers}): the DNS servers and search domains in use. */
public record ResolverStatus(
        @ProtoField(1) @YamlName("dnsServers") List<NetIp> dnsServers,
        @ProtoField(4) @YamlName("nameServers") List<ResolverSpec.NameServer> nameServers,
        @ProtoField(2) @YamlName("searchDomains") List<String> searchDomains) implements Spec {

    public static final String TYPE = "ResolverStatuses.net.talos.dev";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final ResourceDefinition DEFINITION = ResourceDefinition.of(TYPE, NetworkResources.NAMESPACE)
            .withAliases("resolvers").withPrintColumn("Resolvers", "{.dnsServers}")
            .withPrintColumn("Search Domains", "{.searchDomains}");

    public ResolverStatus {
        dnsServers = List.copyOf(dnsServers);
        nameServers = List.copyOf(nameServers);
        searchDomains = List.copyOf(searchDomains);
    }

    public static ResolverStatus of(ResolverSpec spec) {
        return new ResolverStatus(spec.dnsServers(), spec.nameServers(), spec.searchDomains());
    }
}
