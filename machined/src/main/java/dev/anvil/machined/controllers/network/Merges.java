package dev.anvil.machined.controllers.network;

import dev.anvil.machinery.resources.network.AddressSpec;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.LinkSpec;
import dev.anvil.machinery.resources.network.OperatorSpec;
import dev.anvil.machinery.resources.network.ResolverSpec;
import dev.anvil.machinery.resources.network.ResolverSpec.NameServer;
import dev.anvil.machinery.resources.network.RouteSpec;
import dev.anvil.machinery.resources.network.TimeServerSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How Talos merges the layers of each network spec, as pure functions from all layered specs to the final specs
 * by ID, and the merge controllers built on them. Single-resource kinds (hostname, resolvers, time servers) take
 * the highest layer, with the resolver and time server twists noted on each; links merge field by field up the
 * layers; addresses, routes and operators are a union in which a higher layer wins for the same ID.
 */
public final class Merges {
    private static final Comparator<ConfigLayer> BY_LAYER = Comparator.naturalOrder();

    private Merges() {
    }

    public static MergeController<HostnameSpec> hostname() {
        return new MergeController<>(HostnameSpec.TYPE, HostnameSpec.class, Merges::hostnames);
    }

    public static MergeController<ResolverSpec> resolver() {
        return new MergeController<>(ResolverSpec.TYPE, ResolverSpec.class, Merges::resolvers);
    }

    public static MergeController<TimeServerSpec> timeServer() {
        return new MergeController<>(TimeServerSpec.TYPE, TimeServerSpec.class, Merges::timeServers);
    }

    public static MergeController<LinkSpec> link() {
        return new MergeController<>(LinkSpec.TYPE, LinkSpec.class, Merges::links);
    }

    public static MergeController<AddressSpec> address() {
        return new MergeController<>(AddressSpec.TYPE, AddressSpec.class,
                specs -> union(specs, AddressSpec::id, AddressSpec::layer));
    }

    public static MergeController<RouteSpec> route() {
        return new MergeController<>(RouteSpec.TYPE, RouteSpec.class,
                specs -> union(specs, RouteSpec::id, RouteSpec::layer));
    }

    public static MergeController<OperatorSpec> operator() {
        return new MergeController<>(OperatorSpec.TYPE, OperatorSpec.class,
                specs -> union(specs, OperatorSpec::id, OperatorSpec::layer));
    }

    /** The highest layer's name; of two on one layer, the first listed. */
    static Map<String, HostnameSpec> hostnames(List<HostnameSpec> specs) {
        HostnameSpec result = null;
        for (HostnameSpec spec : specs) {
            if (result == null || spec.layer().compareTo(result.layer()) > 0) {
                result = spec;
            }
        }
        return result == null ? Map.of() : Map.of(HostnameSpec.ID, result);
    }

    /**
     * Up the layers: servers of one layer add up; the configuration's servers, when it has any, replace all
     * below; another layer replaces the servers below but keeps their IPv4 (or IPv6) ones when it brings none of
     * that family. Search domains of a layer go in front of those below, except that the configuration's replace
     * them when it sets them explicitly.
     */
    static Map<String, ResolverSpec> resolvers(List<ResolverSpec> specs) {
        if (specs.isEmpty()) {
            return Map.of();
        }
        List<ResolverSpec> sorted = specs.stream().sorted(Comparator.comparing(ResolverSpec::layer, BY_LAYER))
                .toList();
        List<NameServer> servers = null;
        List<String> domains = List.of();
        ConfigLayer layer = ConfigLayer.DEFAULT;
        for (ResolverSpec spec : sorted) {
            if (spec.layer() == layer) {
                servers = concat(servers == null ? List.of() : servers, spec.nameServers());
                domains = mergeDomains(domains, spec.searchDomains());
            } else if (spec.layer() == ConfigLayer.CONFIGURATION) {
                if (!spec.nameServers().isEmpty()) {
                    servers = spec.nameServers();
                }
                domains = spec.searchDomainsOverridden() ? spec.searchDomains()
                        : mergeDomains(domains, spec.searchDomains());
            } else {
                servers = mergeServers(servers, spec.nameServers());
                domains = mergeDomains(domains, spec.searchDomains());
            }
            layer = spec.layer();
        }
        return servers == null ? Map.of() : Map.of(ResolverSpec.ID, ResolverSpec.of(servers, layer, domains, false));
    }

    private static List<String> mergeDomains(List<String> below, List<String> layer) {
        List<String> merged = new ArrayList<>(below);
        int at = 0;
        for (String domain : layer) {
            if (!merged.contains(domain)) {
                merged.add(at++, domain);
            }
        }
        return merged;
    }

    private static List<NameServer> mergeServers(List<NameServer> below, List<NameServer> layer) {
        if (below == null) {
            return layer;
        }
        boolean layerHas4 = layer.stream().anyMatch(s -> !s.addr().is6());
        boolean layerHas6 = layer.stream().anyMatch(s -> s.addr().is6());
        if (!layerHas4 && below.stream().anyMatch(s -> !s.addr().is6())) {
            return concat(layer, below.stream().filter(s -> !s.addr().is6()).toList());
        }
        if (!layerHas6 && below.stream().anyMatch(s -> s.addr().is6())) {
            return concat(layer, below.stream().filter(s -> s.addr().is6()).toList());
        }
        return layer;
    }

    /** The highest layer's servers; servers of one layer add up, and NTS holds only if all of them ask for it. */
    static Map<String, TimeServerSpec> timeServers(List<TimeServerSpec> specs) {
        TimeServerSpec result = null;
        for (TimeServerSpec spec : specs.stream().sorted(Comparator.comparing(TimeServerSpec::layer, BY_LAYER))
                .toList()) {
            if (result != null && spec.layer() == result.layer()) {
                result = new TimeServerSpec(concat(result.ntpServers(), spec.ntpServers()),
                        result.useNts() && spec.useNts(), spec.layer());
            } else {
                result = spec;
            }
        }
        return result == null ? Map.of() : Map.of(TimeServerSpec.ID, result);
    }

    /** Per link name, each layer from the lowest overlays what it sets on the layers below. */
    static Map<String, LinkSpec> links(List<LinkSpec> specs) {
        Map<String, LinkSpec> links = new TreeMap<>();
        specs.stream().sorted(Comparator.comparing(LinkSpec::name).thenComparing(LinkSpec::layer, BY_LAYER))
                .forEach(spec -> links.merge(spec.name(), spec, LinkSpec::merge));
        return links;
    }

    /** Every spec by its ID; for one ID the highest layer wins. */
    static <S> Map<String, S> union(List<S> specs, Function<S, String> id, Function<S, ConfigLayer> layer) {
        Map<String, S> result = new LinkedHashMap<>();
        for (S spec : specs) {
            S existing = result.get(id.apply(spec));
            if (existing == null || layer.apply(existing).compareTo(layer.apply(spec)) <= 0) {
                result.put(id.apply(spec), spec);
            }
        }
        return result;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
