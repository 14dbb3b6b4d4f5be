package dev.anvil.machinery.config.v1alpha1;

import java.util.List;

/** {@code machine.features}: feature switches. */
public record FeaturesConfig(
        Boolean rbac,
        Boolean stableHostname,
        TalosApiAccess kubernetesTalosAPIAccess,
        Boolean apidCheckExtKeyUsage,
        Boolean diskQuotaSupport,
        KubePrism kubePrism,
        HostDns hostDNS,
        ImageCache imageCache,
        String nodeAddressSortAlgorithm) {

    public record TalosApiAccess(Boolean enabled, List<String> allowedRoles, List<String> allowedKubernetesNamespaces) {
    }

    public record KubePrism(Boolean enabled, Integer port) {
    }

    public record HostDns(Boolean enabled, Boolean forwardKubeDNSToHost, Boolean resolveMemberNames) {
    }

    public record ImageCache(Boolean localEnabled) {
    }
}
