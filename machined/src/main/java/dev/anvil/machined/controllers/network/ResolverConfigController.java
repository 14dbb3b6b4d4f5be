package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.ControllerReader;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.machined.controllers.ConfigSpecController;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.document.ResolverConfig;
import dev.anvil.machinery.config.v1alpha1.NetworkConfig;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.ResolverSpec;
import dev.anvil.machinery.resources.network.ResolverSpec.DnsProtocol;
import dev.anvil.machinery.resources.network.ResolverSpec.NameServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The resolver layers: {@code default} (Talos's 1.1.1.1 and 8.8.8.8, searching the node's domain unless the
 * config says not to) and {@code configuration} (a ResolverConfig document, else {@code machine.network
 * .nameservers} and {@code searchDomains}). The node's domain comes from its hostname status.
 */
public final class ResolverConfigController extends ConfigSpecController<ResolverSpec> {
    static final List<String> DEFAULT_SERVERS = List.of("1.1.1.1", "8.8.8.8");

    /** What the config says about resolvers, whichever document it came from. */
    record Configured(List<NameServer> servers, Optional<List<String>> searchDomains, boolean disableSearchDomain) {
    }

    public ResolverConfigController() {
        super("network.ResolverConfigController", ResolverSpec.CONFIG_KIND);
    }

    @Override
    protected List<Input> extraInputs() {
        return List.of(Input.weak(HostnameStatus.KIND.namespace(), HostnameStatus.TYPE).withId(HostnameSpec.ID));
    }

    @Override
    protected List<Keyed<ResolverSpec>> specs(ControllerReader reader, Optional<ConfigBundle> config) {
        String domain = Specs.find(reader, HostnameStatus.KIND.pointer(HostnameSpec.ID), HostnameStatus.class)
                .map(r -> r.spec().domainname()).orElse("");
        return specs(config.flatMap(ResolverConfigController::configured), domain).stream()
                .map(spec -> new Keyed<>(spec.layer().layeredId(ResolverSpec.ID), spec)).toList();
    }

    static List<ResolverSpec> specs(Optional<Configured> configured, String domain) {
        List<ResolverSpec> specs = new ArrayList<>();
        boolean searchDomain = configured.isPresent() && !configured.get().disableSearchDomain()
                && domain != null && !domain.isEmpty();
        specs.add(ResolverSpec.of(DEFAULT_SERVERS.stream().map(s -> NameServer.plain(NetIp.parse(s))).toList(),
                ConfigLayer.DEFAULT, searchDomain ? List.of(domain) : List.of(), false));
        configured.filter(c -> !c.servers().isEmpty() || c.searchDomains().isPresent())
                .ifPresent(c -> specs.add(ResolverSpec.of(c.servers(), ConfigLayer.CONFIGURATION,
                        c.searchDomains().orElse(List.of()), c.searchDomains().isPresent())));
        return specs;
    }

    /** A ResolverConfig document wins over the v1alpha1 fields; addresses that do not parse are left out. */
    static Optional<Configured> configured(ConfigBundle config) {
        List<ResolverConfig> documents = config.all(ResolverConfig.class);
        if (!documents.isEmpty()) {
            ResolverConfig doc = documents.getFirst();
            List<NameServer> servers = new ArrayList<>();
            for (ResolverConfig.Nameserver n : doc.nameservers() == null ? List.<ResolverConfig.Nameserver>of()
                    : doc.nameservers()) {
                address(n.address()).ifPresent(addr -> servers.add(new NameServer(addr, protocol(n.protocol()),
                        n.tlsServerName() == null ? "" : n.tlsServerName())));
            }
            Optional<List<String>> domains = Optional.ofNullable(doc.searchDomains())
                    .map(ResolverConfig.SearchDomains::domains);
            boolean disable = doc.searchDomains() != null
                    && Boolean.TRUE.equals(doc.searchDomains().disableDefault());
            return Optional.of(new Configured(servers, domains, disable));
        }
        return config.v1alpha1().map(v -> {
            NetworkConfig network = v.machine() == null ? null : v.machine().network();
            return network == null ? new Configured(List.of(), Optional.empty(), false)
                    : new Configured(v1alpha1Servers(network), Optional.ofNullable(network.searchDomains()),
                            Boolean.TRUE.equals(network.disableSearchDomain()));
        });
    }

    private static List<NameServer> v1alpha1Servers(NetworkConfig network) {
        List<NameServer> servers = new ArrayList<>();
        for (String s : network.nameservers() == null ? List.<String>of() : network.nameservers()) {
            address(s).ifPresent(addr -> servers.add(NameServer.plain(addr)));
        }
        return servers;
    }

    private static Optional<NetIp> address(String text) {
        try {
            return Optional.of(NetIp.parse(text));
        } catch (RuntimeException e) {
            Log.warn("ignoring name server", "address", text, "error", e.getMessage());
            return Optional.empty();
        }
    }

    private static DnsProtocol protocol(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "dot" -> DnsProtocol.DOT;
            case "doh" -> DnsProtocol.DOH;
            default -> DnsProtocol.DO53;
        };
    }
}
