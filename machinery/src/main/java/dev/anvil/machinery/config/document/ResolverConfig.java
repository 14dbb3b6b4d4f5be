package dev.anvil.machinery.config.document;

import java.util.List;

/** DNS resolvers and search domains of the node. */
public record ResolverConfig(List<Nameserver> nameservers, SearchDomains searchDomains, HostDns hostDNS)
        implements ConfigDocument {

    public record Nameserver(String address, String protocol, String tlsServerName) {
    }

    public record SearchDomains(List<String> domains, Boolean disableDefault) {
    }

    public record HostDns(Boolean enabled, Boolean forwardKubeDNSToHost, Boolean resolveMemberNames) {
    }
}
