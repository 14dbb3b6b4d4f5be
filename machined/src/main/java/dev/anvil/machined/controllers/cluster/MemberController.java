package dev.anvil.machined.controllers.cluster;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machinery.resources.cluster.Affiliate;
import dev.anvil.machinery.resources.cluster.Member;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one writer of {@code Member}: one for each affiliate that has a hostname, ID the hostname, as Talos's
 * MemberController; a member whose affiliate is gone (it expired) goes too.
 */
public final class MemberController implements Controller {
    @Override
    public String name() {
        return "cluster.MemberController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(Affiliate.KIND.namespace(), Affiliate.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(Member.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        Map<String, Member> members = members(ctx.list(Affiliate.KIND).stream()
                .map(r -> r.as(Affiliate.class).spec()).toList());
        for (Resource<?> existing : ctx.list(Member.KIND)) {
            if (!members.containsKey(existing.id())) {
                ctx.destroy(existing.pointer());
            }
        }
        members.forEach((hostname, member) -> Specs.put(ctx, Member.KIND.pointer(hostname), member));
    }

    static Map<String, Member> members(List<Affiliate> affiliates) {
        Map<String, Member> members = new TreeMap<>();
        for (Affiliate affiliate : affiliates) {
            if (affiliate.hostname() != null && !affiliate.hostname().isEmpty()) {
                members.put(affiliate.hostname(), affiliate.member());
            }
        }
        return members;
    }
}
