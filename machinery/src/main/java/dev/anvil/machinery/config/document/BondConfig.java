package dev.anvil.machinery.config.document;

import java.util.List;

/** A bond link over member links, with the kernel's bonding options. */
public record BondConfig(
        String name,
        String hardwareAddr,
        List<String> links,
        String bondMode,
        Long miimon,
        Long updelay,
        Long downdelay,
        Boolean useCarrier,
        String xmitHashPolicy,
        Long arpInterval,
        List<String> arpIpTargets,
        List<String> nsIp6Targets,
        String arpValidate,
        String arpAllTargets,
        String lacpRate,
        String failOverMac,
        String adSelect,
        Integer adActorSysPrio,
        Integer adUserPortKey,
        String adLACPActive,
        String primary,
        String primaryReselect,
        Long resendIGMP,
        Long minLinks,
        Long lpInterval,
        Long packetsPerSlave,
        Integer numPeerNotif,
        Integer tlbLogicalLb,
        Integer allSlavesActive,
        Long peerNotifDelay,
        Integer missedMax,
        Boolean up,
        Long mtu,
        List<Link.Address> addresses,
        List<Link.Route> routes,
        Boolean multicast) implements ConfigDocument {
    @Override
    public String id() {
        return name == null ? "" : name;
    }
}
