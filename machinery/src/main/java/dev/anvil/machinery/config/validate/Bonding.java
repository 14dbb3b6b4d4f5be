package dev.anvil.machinery.config.validate;

import java.util.Map;
import java.util.Set;

/** Which bonding options the kernel accepts, and in which bond modes each option means something. */
final class Bonding {

    static final Set<String> MODES = Set.of("balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad",
            "balance-tlb", "balance-alb");

    /** Option name (as in the v1alpha1 bond and BondConfig) to the modes that use it. */
    static final Map<String, Set<String>> OPTION_MODES = Map.of(
            "lacpRate", Set.of("802.3ad"),
            "adSelect", Set.of("802.3ad"),
            "xmitHashPolicy", Set.of("balance-xor", "802.3ad", "balance-tlb"),
            "primary", Set.of("active-backup", "balance-tlb", "balance-alb"),
            "packetsPerSlave", Set.of("balance-rr"),
            "tlbDynamicLb", Set.of("balance-tlb"));

    static final Set<String> LACP_RATES = Set.of("slow", "fast");
    static final Set<String> HASH_POLICIES = Set.of("layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4",
            "vlan+srcmac");

    private Bonding() {
    }
}
