package dev.anvil.machined.config;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.diff.ConfigChanges;

import java.util.List;
import java.util.Set;

/**
 * Whether a config change can be applied while the node runs, the way Talos decides it (its CanApplyImmediate):
 * by section. A change is live when a controller follows it: the v1alpha1 sections and the documents listed
 * below, which the network and kernel-parameter controllers turn into specs again as soon as the active config
 * changes. Anything else is read at boot only, so changing it needs a reboot. The field-level planner (which
 * field of which section needs what) comes with issue #10; until then this list is the whole decision.
 */
final class RebootReasons {
    /** v1alpha1 sections the controllers follow. */
    private static final List<List<String>> LIVE_SECTIONS = List.of(
            List.of("machine", "network"),
            List.of("machine", "sysctls"),
            List.of("machine", "sysfs"),
            List.of("machine", "time"));

    /** Document kinds the controllers follow. */
    private static final Set<String> LIVE_KINDS = Set.of("HostnameConfig", "ResolverConfig", "TimeSyncConfig",
            "LinkConfig", "DummyLinkConfig", "BridgeConfig", "BondConfig", "VLANConfig", "SysctlConfig",
            "SysfsConfig");

    private RebootReasons() {
    }

    /** What changed that only a reboot applies, as {@code v1alpha1: machine.install.disk}; empty: all is live. */
    static List<String> of(ConfigBundle current, ConfigBundle next) {
        return ConfigChanges.between(current, next).stream().filter(c -> !live(c)).map(c -> c + " changed")
                .toList();
    }

    private static boolean live(ConfigChanges.Change change) {
        if (change.kind().equals("v1alpha1")) {
            return LIVE_SECTIONS.stream().anyMatch(change::under);
        }
        return LIVE_KINDS.contains(change.kind());
    }
}
