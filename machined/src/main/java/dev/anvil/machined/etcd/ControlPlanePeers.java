package dev.anvil.machined.etcd;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.State;
import dev.anvil.machinery.resources.cluster.Member;
import dev.anvil.machinery.resources.network.NetIp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where a node looks for the etcd members of the other control planes: the client URLs its config names (the
 * control-plane endpoint's host), then one for each address of each control plane among the cluster's
 * {@code Members.cluster.talos.dev} (as Talos finds its etcd peers), when cluster membership publishes any.
 */
public record ControlPlanePeers(List<String> configured, State state) implements Supplier<List<String>> {

    @Override
    public List<String> get() {
        Set<String> urls = new LinkedHashSet<>(configured);
        List<Resource<?>> members;
        try {
            members = state.list(Member.KIND);
        } catch (RuntimeException unknownType) {
            return List.copyOf(urls);
        }
        for (Resource<?> r : members) {
            if (r.spec() instanceof Member member && member.machineType() != null
                    && member.machineType().isControlPlane()) {
                for (NetIp ip : member.addresses()) {
                    try {
                        urls.add(EtcdArguments.clientUrl(InetAddress.getByAddress(ip.ip().toByteArray())));
                    } catch (UnknownHostException malformed) {
                        // not an address of 4 or 16 bytes: nothing to dial
                    }
                }
            }
        }
        return List.copyOf(urls);
    }
}
