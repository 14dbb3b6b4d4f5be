package dev.anvil.machined.controllers.k8s;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.kubernetes.StaticPodServer;
import dev.anvil.machinery.resources.k8s.StaticPod;
import dev.anvil.machinery.resources.k8s.StaticPodServerStatus;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * The one writer of {@code StaticPodServerStatuses} (Talos's StaticPodServerController): serves every static pod as a
 * PodList on loopback HTTP and publishes the URL, which the kubelet's configuration names as its {@code staticPodURL}.
 * The server starts at the first reconcile and stops with the runtime.
 */
public final class StaticPodServerController implements Controller {
    private StaticPodServer server;

    @Override
    public String name() {
        return "k8s.StaticPodServerController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(StaticPod.KIND.namespace(), StaticPod.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(StaticPodServerStatus.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws IOException {
        if (server == null) {
            server = StaticPodServer.start();
        }
        List<StaticPod> pods = ctx.list(StaticPod.KIND).stream().sorted(Comparator.comparing(Resource::id))
                .map(r -> r.as(StaticPod.class).spec()).toList();
        server.serve(StaticPodServer.podList(pods));
        Specs.put(ctx, StaticPodServerStatus.POINTER, new StaticPodServerStatus(server.url()));
    }

    @Override
    public synchronized void stopped() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
