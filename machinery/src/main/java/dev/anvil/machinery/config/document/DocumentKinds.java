package dev.anvil.machinery.config.document;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every document kind the loader knows: the ones Anvil models (by record class) and the Talos kinds Anvil does not
 * implement yet, which load as {@link UnimplementedDocument}. A kind in neither list is an error.
 */
public final class DocumentKinds {

    /** apiVersion and kind of a modelled document. */
    public record Kind(String apiVersion, String kind, Class<? extends ConfigDocument> type, boolean named) {
    }

    private static final List<Kind> MODELLED = List.of(
            talos("HostnameConfig", HostnameConfig.class, false),
            talos("ResolverConfig", ResolverConfig.class, false),
            talos("StaticHostConfig", StaticHostConfig.class, true),
            talos("TimeSyncConfig", TimeSyncConfig.class, false),
            talos("LinkConfig", LinkConfig.class, true),
            talos("DummyLinkConfig", DummyLinkConfig.class, true),
            talos("VLANConfig", VLANConfig.class, true),
            talos("BondConfig", BondConfig.class, true),
            talos("BridgeConfig", BridgeConfig.class, true),
            talos("DHCPv4Config", DHCPv4Config.class, true),
            talos("DHCPv6Config", DHCPv6Config.class, true),
            talos("Layer2VIPConfig", Layer2VIPConfig.class, true),
            talos("LinkAliasConfig", LinkAliasConfig.class, true),
            talos("BlackholeRouteConfig", BlackholeRouteConfig.class, true),
            talos("SysctlConfig", SysctlConfig.class, false),
            talos("SysfsConfig", SysfsConfig.class, false),
            talos("KernelModuleConfig", KernelModuleConfig.class, true),
            talos("EnvironmentConfig", EnvironmentConfig.class, false),
            talos("EtcFileConfig", EtcFileConfig.class, true),
            talos("VolumeConfig", VolumeConfig.class, true),
            talos("UserVolumeConfig", UserVolumeConfig.class, true),
            talos("RawVolumeConfig", RawVolumeConfig.class, true),
            talos("ExistingVolumeConfig", ExistingVolumeConfig.class, true),
            talos("SwapVolumeConfig", SwapVolumeConfig.class, true),
            talos("KubeletConfig", KubeletConfig.class, false),
            talos("KubeNodeConfig", KubeNodeConfig.class, false),
            talos("KubeStaticPodConfig", KubeStaticPodConfig.class, true),
            new Kind(ConfigDocument.ANVIL_V1ALPHA1, "MachinedLogConfig", MachinedLogConfig.class, false),
            new Kind(ConfigDocument.ANVIL_V1ALPHA1, "MetricsConfig", MetricsConfig.class, false),
            new Kind(ConfigDocument.ANVIL_V1ALPHA1, "ContainerServiceConfig", ContainerServiceConfig.class, true),
            new Kind(ConfigDocument.ANVIL_V1ALPHA1, "UpgradeTrustConfig", UpgradeTrustConfig.class, false));

    /** Talos kinds (apiVersion v1alpha1) that load, keep their content, and are reported as not implemented. */
    private static final Set<String> UNIMPLEMENTED_TALOS = Set.of(
            "BGPInstanceConfig", "EthernetConfig", "HCloudVIPConfig", "HTTPProbeConfig", "TCPProbeConfig",
            "KubeSpanConfig", "KubeSpanEndpointsConfig", "NetworkRuleConfig", "NetworkDefaultActionConfig",
            "RoutingRuleConfig", "VethConfig", "VRFConfig", "WireguardConfig",
            "EventSinkConfig", "KmsgLogConfig", "OOMConfig", "SecurityProfileConfig", "UdevRulesConfig",
            "UnattendedInstallConfig", "WatchdogTimerConfig", "ExtensionServiceConfig",
            "ExternalVolumeConfig", "FilesystemTrimConfig", "FilesystemScrubConfig", "ZswapConfig",
            "LVMVolumeGroupConfig", "LVMLogicalVolumeConfig", "RAIDArrayConfig",
            "RegistryMirrorConfig", "RegistryAuthConfig", "RegistryTLSConfig", "ImageCacheConfig",
            "CRIBaseRuntimeSpecConfig", "CRICustomizationConfig",
            "DiscoveryIdentityConfig", "DiscoveryServiceConfig", "TrustedRootsConfig", "ImageVerificationConfig",
            "SideroLinkConfig", "PCIDriverRebindConfig", "ContainerConfig",
            "KubeClusterConfig", "KubeNetworkConfig", "KubeFlannelCNIConfig", "KubeAPIServerConfig",
            "KubeAPIServerCAConfig", "KubeAggregatorCAConfig", "KubeServiceAccountConfig",
            "KubeControllerManagerConfig", "KubeSchedulerConfig", "KubeProxyConfig", "KubeCoreDNSConfig",
            "KubeInlineManifestConfig",
            "KubeExternalManifestConfig", "KubeEtcdEncryptionConfig", "KubeAdmissionControlConfig",
            "KubeAuditPolicyConfig", "KubeAuthenticationConfig", "KubeAuthorizerConfig",
            "KubeCredentialProviderConfig", "KubePrismConfig", "KubeTalosAPIAccessConfig");

    private static final Map<Class<?>, Kind> BY_CLASS = new LinkedHashMap<>();

    static {
        MODELLED.forEach(k -> BY_CLASS.put(k.type(), k));
    }

    private DocumentKinds() {
    }

    private static Kind talos(String kind, Class<? extends ConfigDocument> type, boolean named) {
        return new Kind(ConfigDocument.TALOS_V1ALPHA1, kind, type, named);
    }

    public static List<Kind> modelled() {
        return MODELLED;
    }

    /** The Talos kinds that load as {@link UnimplementedDocument}, sorted. */
    public static List<String> unimplementedTalosKinds() {
        return UNIMPLEMENTED_TALOS.stream().sorted().toList();
    }

    public static Optional<Kind> find(String apiVersion, String kind) {
        return MODELLED.stream().filter(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind)).findFirst();
    }

    public static boolean isUnimplementedTalosKind(String apiVersion, String kind) {
        return ConfigDocument.TALOS_V1ALPHA1.equals(apiVersion) && UNIMPLEMENTED_TALOS.contains(kind);
    }

    static String apiVersionOf(Class<?> type) {
        return BY_CLASS.get(type).apiVersion();
    }

    static String kindOf(Class<?> type) {
        return BY_CLASS.get(type).kind();
    }

    public static String label(String kind, String id) {
        return id.isEmpty() ? kind : kind + " \"" + id + "\"";
    }
}
