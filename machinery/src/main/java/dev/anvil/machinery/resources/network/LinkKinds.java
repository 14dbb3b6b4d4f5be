package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/**
 * The parts of Talos's link specs and statuses for particular kinds of links (pkg/machinery/resources/network
 * link.go), with Talos's field numbers. Only what Anvil applies is modelled: a bond's mode and MII monitoring, a
 * bridge's STP and VLAN filtering, a VLAN's ID and protocol, a veth's peer, and which master a link is enslaved to.
 */
public final class LinkKinds {
    private LinkKinds() {
    }

    /** Talos's VLANSpec. */
    public record Vlan(@ProtoField(1) @YamlName("vlanID") int vid,
                       @ProtoField(2) @YamlName("vlanProtocol") VlanProtocol protocol) {
    }

    /** The kernel's ETH_P_ numbers of the VLAN protocols (Talos's nethelpers.VLANProtocol). */
    public enum VlanProtocol {
        @ProtoField(0) @YamlName("") UNSPEC,
        @ProtoField(0x8100) @YamlName("802.1q") IEEE_8021Q,
        @ProtoField(0x88a8) @YamlName("802.1ad") IEEE_8021AD
    }

    /** Talos's BondMasterSpec: the mode (1) and MII monitoring interval (10); the other bond options are not applied. */
    public record BondMaster(@ProtoField(1) BondMode mode, @ProtoField(10) int miimon) {
    }

    /** The kernel's bonding modes, with Talos's names. */
    public enum BondMode {
        @YamlName("balance-rr") ROUNDROBIN,
        @YamlName("active-backup") ACTIVE_BACKUP,
        @YamlName("balance-xor") XOR,
        @YamlName("broadcast") BROADCAST,
        @YamlName("802.3ad") LACP,
        @YamlName("balance-tlb") TLB,
        @YamlName("balance-alb") ALB;

        /** Talos's (and the kernel's) names: {@code active-backup}, {@code 802.3ad}, ...; also the mode's number. */
        public static BondMode parse(String text) {
            for (BondMode mode : values()) {
                if (mode.yamlName().equals(text) || Integer.toString(mode.ordinal()).equals(text)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("unknown bond mode \"" + text + "\"");
        }

        public String yamlName() {
            try {
                return BondMode.class.getField(name()).getAnnotation(YamlName.class).value();
            } catch (NoSuchFieldException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    /** Talos's BondSlave: the bond a link joins, and its place among the bond's links. */
    public record BondSlave(@ProtoField(1) @YamlName("masterName") String masterName,
                            @ProtoField(2) @YamlName("slaveIndex") int slaveIndex) {
    }

    /** Talos's BridgeSlave: the bridge a link joins. */
    public record BridgeSlave(@ProtoField(1) @YamlName("masterName") String masterName) {
    }

    /** Talos's BridgeMasterSpec. */
    public record BridgeMaster(@ProtoField(1) Stp stp, @ProtoField(2) BridgeVlan vlan) {
    }

    public record Stp(@ProtoField(1) boolean enabled) {
    }

    public record BridgeVlan(@ProtoField(1) @YamlName("filteringEnabled") boolean filteringEnabled) {
    }

    /** Talos's VethSpec. */
    public record Veth(@ProtoField(1) @YamlName("peerName") String peerName) {
    }
}
