package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

import java.util.List;

/**
 * Talos's {@code ResolverSpec} ({@code resolvers}): DNS servers and search domains, per layer and merged.
 * {@code dnsServers} is the deprecated flat list Talos still fills from {@code nameServers}.
 */
public record ResolverSpec(
        @ProtoField(1) @YamlName("dnsServers") List<NetIp> dnsServers,
        @ProtoField(4) @YamlName("nameServers") List<NameServer> nameServers,
        @ProtoField(2) @YamlName("layer") ConfigLayer layer,
        @ProtoField(3) @YamlName("searchDomains") List<String> searchDomains,
        @ProtoField(5) @YamlName("searchDomainsOverridden") boolean searchDomainsOverridden) implements Spec {

    public static final String TYPE = "ResolverSpecs.net.talos.dev";
    public static final String ID = "resolvers";
    public static final Kind KIND = new Kind(NetworkResources.NAMESPACE, TYPE);
    public static final Kind CONFIG_KIND = new Kind(NetworkResources.CONFIG_NAMESPACE, TYPE);

    public ResolverSpec {
        dnsServers = List.copyOf(dnsServers);
        nameServers = List.copyOf(nameServers);
        searchDomains = List.copyOf(searchDomains);
    }

    /** A spec with its flat server list derived from the name servers. */
    public static ResolverSpec of(List<NameServer> nameServers, ConfigLayer layer, List<String> searchDomains,
            boolean searchDomainsOverridden) {
        return new ResolverSpec(nameServers.stream().map(NameServer::addr).toList(), nameServers, layer,
                searchDomains, searchDomainsOverridden);
    }

    public record NameServer(@ProtoField(1) NetIp addr, @ProtoField(2) DnsProtocol protocol,
            @ProtoField(3) @YamlName("tlsServerName") String tlsServerName) {
        public static NameServer plain(NetIp addr) {
            return new NameServer(addr, DnsProtocol.DO53, "");
        }
    }

    /** Talos's nethelpers.DNSProtocol. */
    public enum DnsProtocol {
        @YamlName("Do53") DO53,
        @YamlName("DoT") DOT,
        @YamlName("DoH") DOH
    }
}
