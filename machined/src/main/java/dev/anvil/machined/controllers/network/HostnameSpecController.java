package dev.anvil.machined.controllers.network;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.HostnameStatus;
import dev.anvil.sys.Hostname;
import dev.anvil.sys.Sysctl;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies the merged hostname spec to the kernel and says so in {@code HostnameStatus}. Talos leaves the hostname
 * alone in container mode, where the container runtime owns it; an Anvil node has a UTS namespace of its own, so
 * the name is set for real. The kernel is written only when its names differ from the spec.
 */
public final class HostnameSpecController implements Controller {
    /** The host and domain name of the node's UTS namespace. */
    public interface Uts {
        String hostname();

        String domainname();

        void set(String hostname, String domainname);

        /** The calling thread's UTS namespace, which in machined is the node's. */
        Uts KERNEL = new Uts() {
            @Override
            public String hostname() {
                return Hostname.get();
            }

            /** The kernel shows an unset domain name as "(none)". */
            @Override
            public String domainname() {
                String name = new Sysctl().read("kernel.domainname").orElse("");
                return name.equals("(none)") ? "" : name;
            }

            @Override
            public void set(String hostname, String domainname) {
                Hostname.set(hostname);
                Hostname.setDomain(domainname);
            }
        };
    }

    private final Uts uts;

    public HostnameSpecController(Uts uts) {
        this.uts = uts;
    }

    @Override
    public String name() {
        return "network.HostnameSpecController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(HostnameSpec.KIND.namespace(), HostnameSpec.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(HostnameStatus.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Set<String> wanted = new HashSet<>();
        for (Resource<?> raw : ctx.list(HostnameSpec.KIND)) {
            if (raw.metadata().phase() != Phase.RUNNING) {
                continue;
            }
            HostnameSpec spec = raw.as(HostnameSpec.class).spec();
            String domain = spec.domainname() == null ? "" : spec.domainname();
            if (!uts.hostname().equals(spec.hostname()) || !uts.domainname().equals(domain)) {
                Log.info("setting hostname", "hostname", spec.hostname(), "domainname", domain);
                uts.set(spec.hostname(), domain);
            }
            wanted.add(raw.id());
            Specs.put(ctx, HostnameStatus.KIND.pointer(raw.id()), new HostnameStatus(spec.hostname(), domain));
        }
        for (Resource<?> status : ctx.list(HostnameStatus.KIND)) {
            if (!wanted.contains(status.id())) {
                ctx.destroy(status.pointer());
            }
        }
    }
}
