package dev.anvil.machinery.config.document;

/**
 * One document of a machine config stream. The legacy {@link V1Alpha1} document has no kind; every other document
 * is identified by apiVersion, kind and (for named kinds) its name, and at most one document of a config may have
 * a given identity.
 */
public sealed interface ConfigDocument
        permits V1Alpha1, HostnameConfig, ResolverConfig, StaticHostConfig, TimeSyncConfig, LinkConfig,
        DummyLinkConfig, VLANConfig, BondConfig, BridgeConfig, DHCPv4Config, DHCPv6Config, Layer2VIPConfig,
        LinkAliasConfig, BlackholeRouteConfig, SysctlConfig, SysfsConfig, KernelModuleConfig, EnvironmentConfig,
        EtcFileConfig, VolumeConfig, UserVolumeConfig, RawVolumeConfig, ExistingVolumeConfig, SwapVolumeConfig,
        KubeletConfig, KubeNodeConfig, KubeStaticPodConfig, MachinedLogConfig, MetricsConfig, ContainerServiceConfig,
        UpgradeTrustConfig, UnimplementedDocument {

    /** Talos's own documents use this apiVersion. */
    String TALOS_V1ALPHA1 = "v1alpha1";
    /** Documents that exist only in Anvil use this one. */
    String ANVIL_V1ALPHA1 = "anvil.dev/v1alpha1";

    default String apiVersion() {
        return DocumentKinds.apiVersionOf(getClass());
    }

    default String kind() {
        return DocumentKinds.kindOf(getClass());
    }

    /** The document's name for named kinds, otherwise the empty string. */
    default String id() {
        return "";
    }

    /** How problems name this document: {@code v1alpha1}, {@code HostnameConfig} or {@code LinkConfig "eth0"}. */
    default String label() {
        return DocumentKinds.label(kind(), id());
    }
}
