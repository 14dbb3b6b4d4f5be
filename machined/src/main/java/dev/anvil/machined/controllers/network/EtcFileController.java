package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machinery.resources.files.EtcFileSpec;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.machinery.resources.network.NetIp;
import dev.anvil.machinery.resources.network.NodeAddress;
import dev.anvil.machinery.resources.network.ResolverSpec;
import dev.anvil.machinery.resources.network.ResolverStatus;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Talos's network.EtcFileController: the node's {@code hosts} (from its hostname status, its default node address
 * and the config's extra host entries) and {@code resolv.conf} (from the resolver status: plain DNS servers only)
 * as {@code EtcFileSpec}s, which files.EtcFileController writes. Talos keeps the container runtime's resolv.conf in
 * container mode; an Anvil node has an /etc of its own, so it writes both.
 */
public final class EtcFileController implements Controller {
    @Override
    public String name() {
        return "network.EtcFileController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT,
                Input.weak(HostnameStatus.KIND.namespace(), HostnameStatus.TYPE).withId(HostnameSpec.ID),
                Input.weak(ResolverStatus.KIND.namespace(), ResolverStatus.TYPE).withId(ResolverSpec.ID),
                Input.weak(NodeAddress.KIND.namespace(), NodeAddress.TYPE).withId(NodeAddress.DEFAULT_ID));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.shared(EtcFileSpec.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Optional<HostnameStatus> hostname = Specs.find(ctx, HostnameStatus.KIND.pointer(HostnameSpec.ID),
                HostnameStatus.class).map(r -> r.spec());
        // as Talos: the first of the default node addresses
        Optional<String> address = Specs.find(ctx, NodeAddress.KIND.pointer(NodeAddress.DEFAULT_ID),
                NodeAddress.class).flatMap(r -> r.spec().addresses().stream().findFirst())
                .map(a -> a.address().toString());
        Map<String, List<String>> extra = ActiveConfig.read(ctx).map(EtcFiles::extraHosts).orElse(Map.of());
        Specs.put(ctx, EtcFileSpec.KIND.pointer("hosts"),
                EtcFileSpec.readable(EtcFiles.hosts(hostname, address, extra)));
        Specs.find(ctx, ResolverStatus.KIND.pointer(ResolverSpec.ID), ResolverStatus.class).ifPresent(r -> {
            List<NetIp> plain = r.spec().nameServers().stream()
                    .filter(ns -> ns.protocol() == ResolverSpec.DnsProtocol.DO53).map(ResolverSpec.NameServer::addr)
                    .toList();
            Specs.put(ctx, EtcFileSpec.KIND.pointer("resolv.conf"),
                    EtcFileSpec.readable(EtcFiles.resolvConf(plain, r.spec().searchDomains())));
        });
    }
}
