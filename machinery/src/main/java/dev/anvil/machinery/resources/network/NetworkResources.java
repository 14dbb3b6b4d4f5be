package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.meta.ResourceDefinition;
import dev.anvil.machinery.resources.ResourceTypes;


/** The network resource types (Talos's {@code *.net.talos.dev}), and their registration for clients and servers. */
public final class NetworkResources {
    /** Where merged specs and statuses live. */
    public static final String NAMESPACE = "network";
    /** Where each layer's specs live, before the merge. */
    public static final String CONFIG_NAMESPACE = "network-config";

    private NetworkResources() {
    }

    public static ResourceTypes register(ResourceTypes types) {
        return types.with(ResourceDefinition.of(HostnameSpec.TYPE, NAMESPACE), HostnameSpec.class)
                .with(ResourceDefinition.of(HostnameStatus.TYPE, NAMESPACE)
                        .withPrintColumn("Hostname", "{.hostname}").withPrintColumn("Domainname", "{.domainname}"),
                        HostnameStatus.class)
                .with(ResourceDefinition.of(ResolverSpec.TYPE, NAMESPACE), ResolverSpec.class)
                .with(ResolverStatus.DEFINITION, ResolverStatus.class)
                .with(ResourceDefinition.of(TimeServerSpec.TYPE, NAMESPACE), TimeServerSpec.class)
                .with(TimeServerStatus.DEFINITION, TimeServerStatus.class)
                // link specs may carry keys (WireGuard): Talos lets only os:admin read them
                .with(ResourceDefinition.of(LinkSpec.TYPE, NAMESPACE).asSensitive(), LinkSpec.class)
                .with(ResourceDefinition.of(AddressSpec.TYPE, NAMESPACE), AddressSpec.class)
                .with(ResourceDefinition.of(RouteSpec.TYPE, NAMESPACE), RouteSpec.class)
                .with(ResourceDefinition.of(LinkStatus.TYPE, NAMESPACE).withAliases("link", "links")
                        .withPrintColumn("Alias", "{.alias}").withPrintColumn("Type", "{.type}")
                        .withPrintColumn("Kind", "{.kind}").withPrintColumn("Hw Addr", "{.hardwareAddr}")
                        .withPrintColumn("Oper State", "{.operationalState}")
                        .withPrintColumn("Link State", "{.linkState}"), LinkStatus.class)
                .with(ResourceDefinition.of(AddressStatus.TYPE, NAMESPACE).withAliases("address", "addresses")
                        .withPrintColumn("Address", "{.address}").withPrintColumn("Link", "{.linkName}"),
                        AddressStatus.class)
                .with(ResourceDefinition.of(RouteStatus.TYPE, NAMESPACE).withAliases("route", "routes")
                        .withPrintColumn("Destination", "{.dst}").withPrintColumn("Gateway", "{.gateway}")
                        .withPrintColumn("Link", "{.outLinkName}").withPrintColumn("Metric", "{.priority}"),
                        RouteStatus.class)
                .with(ResourceDefinition.of(NodeAddress.TYPE, NAMESPACE)
                        .withPrintColumn("Addresses", "{.addresses}")
                        .withPrintColumn("SortAlgorithm", "{.sortAlgorithm}"), NodeAddress.class)
                // Talos marks operator specs sensitive (VIP API tokens)
                .with(ResourceDefinition.of(OperatorSpec.TYPE, NAMESPACE).asSensitive(), OperatorSpec.class);
    }
}
