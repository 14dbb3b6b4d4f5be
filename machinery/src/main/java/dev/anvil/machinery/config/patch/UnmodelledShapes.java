package dev.anvil.machinery.config.patch;

import dev.anvil.machinery.config.schema.MergeKey;
import dev.anvil.machinery.config.schema.ReplaceOnMerge;
import dev.anvil.machinery.config.schema.Unstructured;
import java.util.List;
import java.util.Map;

/**
 * Talos kinds that Anvil keeps verbatim still merge the way Talos merges them: these records describe only the
 * fields whose merge is not the default (every other key merges without guidance). They are never decoded.
 */
final class UnmodelledShapes {

    record ExtensionService(@MergeKey("mountPath") List<Unstructured> configFiles) {
    }

    record NetworkRule(PortSelector portSelector, @ReplaceOnMerge Unstructured ingress) {
    }

    record PortSelector(@ReplaceOnMerge Unstructured ports) {
    }

    record BgpInstance(@ReplaceOnMerge Unstructured advertise, @ReplaceOnMerge Unstructured importRoutes,
                       @ReplaceOnMerge Unstructured neighbors) {
    }

    record CriBaseRuntimeSpec(@ReplaceOnMerge Unstructured overrides) {
    }

    /** Audit policy, authentication and credential provider documents carry one replaced configuration. */
    record KubeConfiguration(@ReplaceOnMerge Unstructured configuration) {
    }

    record KubeNetwork(@ReplaceOnMerge Unstructured podSubnets, @ReplaceOnMerge Unstructured serviceSubnets) {
    }

    static final Map<String, Class<?>> BY_KIND = Map.of(
            "ExtensionServiceConfig", ExtensionService.class,
            "NetworkRuleConfig", NetworkRule.class,
            "BGPInstanceConfig", BgpInstance.class,
            "CRIBaseRuntimeSpecConfig", CriBaseRuntimeSpec.class,
            "KubeAuditPolicyConfig", KubeConfiguration.class,
            "KubeAuthenticationConfig", KubeConfiguration.class,
            "KubeCredentialProviderConfig", KubeConfiguration.class,
            "KubeNetworkConfig", KubeNetwork.class);

    private UnmodelledShapes() {
    }
}
