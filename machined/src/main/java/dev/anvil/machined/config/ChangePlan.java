package dev.anvil.machined.config;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.diff.ConfigChanges;

import java.util.Comparator;
import java.util.List;

/**
 * What a config change needs, field by field, decided before anything changes: each changed path of the diff is
 * looked up in one table ({@link #RULES}), where the longest matching prefix wins; a path the table does not name
 * needs a reboot, because nothing on the node follows it while it runs. Live fields name who follows them (a
 * controller, or a host setting); live fields that can cut the node off from its clients (links, addresses,
 * routes, VIPs, firewall) are marked {@link Effect#NETWORK}, which the node applies as an implicit try.
 *
 * <p>The table is Anvil's, not Talos's: Talos decided by v1alpha1 section (its CanApplyImmediate); here the
 * decision is per field, so a hostname and an install disk in one change are told apart.
 */
public record ChangePlan(List<Field> fields) {

    /** What a changed field needs. */
    public enum Effect {
        /** Applied while the node runs. */
        LIVE,
        /** Applied while the node runs, and may cut the node off from the caller: applied as a try. */
        NETWORK,
        /** Read at boot only. */
        REBOOT
    }

    /** One changed path and what it needs, with who applies it (or why it waits for a reboot). */
    public record Field(ConfigChanges.Change change, Effect effect, String by) {
        /** {@code v1alpha1: machine.network.hostname: live (network.HostnameConfigController)}. */
        @Override
        public String toString() {
            String path = change.path().isEmpty() ? change.document() + " (whole document)" : change.toString();
            return path + ": " + switch (effect) {
                case LIVE -> "live";
                case NETWORK -> "live, network";
                case REBOOT -> "needs a reboot";
            } + " (" + by + ")";
        }
    }

    /** One row of the table: documents of a kind ({@code v1alpha1} for the legacy one), under a key path. */
    record Rule(String kind, List<String> path, Effect effect, String by) {
        boolean matches(ConfigChanges.Change change) {
            return kind.equals(change.kind()) && change.under(path);
        }
    }

    private static final String BOOT_ONLY = "read at boot only";
    private static final String HOSTNAME = "network.HostnameConfigController";
    private static final String RESOLVERS = "network.ResolverConfigController";
    private static final String LINKS = "network.LinkConfigController, AddressConfigController, RouteConfigController";
    private static final String KERNEL_PARAMS = "runtime.KernelParamConfigController";
    private static final String TIME = "network.TimeServerConfigController";
    private static final String HOST_FILES = "host settings: /etc files";

    /** The table. Rows for the same kind may nest: the longest path that matches decides. */
    static final List<Rule> RULES = List.of(
            v1alpha1(Effect.NETWORK, LINKS, "machine", "network"),
            v1alpha1(Effect.LIVE, HOSTNAME, "machine", "network", "hostname"),
            v1alpha1(Effect.LIVE, RESOLVERS, "machine", "network", "nameservers"),
            v1alpha1(Effect.LIVE, RESOLVERS, "machine", "network", "searchDomains"),
            v1alpha1(Effect.LIVE, RESOLVERS, "machine", "network", "disableSearchDomain"),
            v1alpha1(Effect.LIVE, HOST_FILES + " (hosts)", "machine", "network", "extraHostEntries"),
            v1alpha1(Effect.LIVE, KERNEL_PARAMS, "machine", "sysctls"),
            v1alpha1(Effect.LIVE, KERNEL_PARAMS, "machine", "sysfs"),
            v1alpha1(Effect.LIVE, TIME, "machine", "time"),
            v1alpha1(Effect.LIVE, HOST_FILES, "machine", "files"),
            v1alpha1(Effect.LIVE, "runtime.LogDestinationController", "machine", "logging"),
            v1alpha1(Effect.REBOOT, "the installer reads it", "machine", "install"),
            document(Effect.LIVE, HOSTNAME, "HostnameConfig"),
            document(Effect.LIVE, RESOLVERS, "ResolverConfig"),
            document(Effect.LIVE, HOST_FILES + " (hosts)", "StaticHostConfig"),
            document(Effect.LIVE, TIME, "TimeSyncConfig"),
            document(Effect.LIVE, KERNEL_PARAMS, "SysctlConfig"),
            document(Effect.LIVE, KERNEL_PARAMS, "SysfsConfig"),
            document(Effect.LIVE, HOST_FILES, "EtcFileConfig"),
            document(Effect.LIVE, "runtime.MetricsController", "MetricsConfig"),
            document(Effect.LIVE, "containerd.ContainerServiceController", "ContainerServiceConfig"),
            document(Effect.NETWORK, LINKS, "LinkConfig"),
            document(Effect.NETWORK, LINKS, "DummyLinkConfig"),
            document(Effect.NETWORK, LINKS, "VLANConfig"),
            document(Effect.NETWORK, LINKS, "BondConfig"),
            document(Effect.NETWORK, LINKS, "BridgeConfig"),
            document(Effect.NETWORK, LINKS, "LinkAliasConfig"),
            document(Effect.NETWORK, LINKS, "DHCPv4Config"),
            document(Effect.NETWORK, LINKS, "DHCPv6Config"),
            document(Effect.NETWORK, LINKS, "Layer2VIPConfig"),
            document(Effect.NETWORK, LINKS, "BlackholeRouteConfig"));

    private static Rule v1alpha1(Effect effect, String by, String... path) {
        return new Rule("v1alpha1", List.of(path), effect, by);
    }

    private static Rule document(Effect effect, String by, String kind) {
        return new Rule(kind, List.of(), effect, by);
    }

    /** The plan of the change from {@code current} to {@code next}, in the diff's order. */
    public static ChangePlan between(ConfigBundle current, ConfigBundle next) {
        return new ChangePlan(ConfigChanges.between(current, next).stream().map(ChangePlan::decide).toList());
    }

    static Field decide(ConfigChanges.Change change) {
        return RULES.stream().filter(rule -> rule.matches(change))
                .max(Comparator.comparingInt(rule -> rule.path().size()))
                .map(rule -> new Field(change, rule.effect(), rule.by()))
                .orElseGet(() -> new Field(change, Effect.REBOOT, BOOT_ONLY));
    }

    /** The fields only a reboot applies. */
    public List<Field> needingReboot() {
        return fields.stream().filter(f -> f.effect() == Effect.REBOOT).toList();
    }

    /** Whether a field may cut the node off from its clients. */
    public boolean touchesNetwork() {
        return fields.stream().anyMatch(f -> f.effect() == Effect.NETWORK);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** One line a field, indented, for a reply; "no changes" when there are none. */
    public String describe() {
        if (fields.isEmpty()) {
            return "  no changes";
        }
        StringBuilder text = new StringBuilder();
        for (Field field : fields) {
            text.append(text.isEmpty() ? "" : "\n").append("  ").append(field);
        }
        return text.toString();
    }

    /** A one-line summary for the audit: how many fields and which. */
    public String summary() {
        if (fields.isEmpty()) {
            return "no changes";
        }
        return fields.size() + " field(s): " + String.join(", ", fields.stream()
                .map(f -> f.change().toString() + " (" + f.effect().name().toLowerCase() + ")").toList());
    }
}
