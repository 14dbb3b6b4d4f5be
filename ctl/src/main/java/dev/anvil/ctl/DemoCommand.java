package dev.anvil.ctl;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.LabelQuery;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.cosi.runtime.ControllerRuntime;
import dev.anvil.cosi.runtime.transform.TransformController;
import dev.anvil.cosi.runtime.transform.TransformSettings;
import dev.anvil.cosi.state.Bookmark;
import dev.anvil.cosi.state.Event;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.cosi.state.Watch;
import dev.anvil.cosi.state.WatchKindOptions;
import dev.anvil.cosi.state.inmem.InMemoryState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec.Target;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A walk through the COSI state on this machine, printing what watches see. It stands in for the local cluster
 * until machined exists.
 */
@Command(name = "demo", description = "Show the COSI state and its watches at work (in memory, nothing is changed).")
final class DemoCommand implements Callable<Integer> {
    private static final Kind LINKS = new Kind("network", "LinkSpecs.demo.anvil.dev");
    /** How long a watch stays quiet before the demo takes the step as settled (the controller runs meanwhile). */
    private static final Duration SETTLE = Duration.ofMillis(200);

    private static final Kind STATUSES = new Kind("network", "LinkStatuses.demo.anvil.dev");

    /** A network link as a controller might want it. */
    record LinkSpec(int mtu, boolean up) implements Spec {
    }

    /** What a controller reports about a link it applied. */
    record LinkStatus(int mtu, String operationalState) implements Spec {
    }

    /** The demo's one controller: every LinkSpec gets a LinkStatus, which goes away with its spec. */
    private static TransformController<LinkSpec, LinkStatus> statusController() {
        return new TransformController<>(TransformSettings.of("demo.LinkStatusController", LINKS, LinkSpec.class,
                STATUSES, spec -> Optional.of(Resource.of(STATUSES.pointer(spec.id()), new LinkStatus(0, "unknown"))),
                (reader, spec, status) -> status.withSpec(
                        new LinkStatus(spec.spec().mtu(), spec.spec().up() ? "up" : "down"))));
    }

    @picocli.CommandLine.Spec(Target.SELF)
    CommandSpec command;

    private PrintWriter out;
    private final Map<String, Watch> watches = new LinkedHashMap<>();
    /** The newest bookmark the plain watch has seen, to resume from later. */
    private Bookmark lastBookmark;

    @Override
    public Integer call() throws InterruptedException {
        out = command.commandLine().getOut();
        State state = new InMemoryState();
        try (ControllerRuntime runtime = new ControllerRuntime(state)) {
            runtime.register(statusController());
            runtime.start();
            walk(state);
            step("the controller runtime: who reads and writes what");
            out.print(runtime.dependencyGraph().toText().indent(2));
            runtime.metrics().snapshot().forEach(c -> out.printf("  %s%n", c));
        }
        out.flush();
        return 0;
    }

    private void walk(State state) throws InterruptedException {
        step("create eth0 and eth1 before anyone watches");
        Resource<LinkSpec> eth0 = state.create(link("eth0", 1500, "physical"), "").as(LinkSpec.class);
        state.create(link("eth1", 1500, "physical"), "");

        step("open watches on links (with bootstrap, only physical ones, new events only) and on link statuses,"
                + " which demo.LinkStatusController writes");
        open("all", state.watchKind(LINKS, WatchKindOptions.bootstrap()));
        open("physical", state.watchKind(LINKS, WatchKindOptions.bootstrap()
                .orLabels(LabelQuery.of(LabelTerm.equal("kind", "physical")))));
        open("plain", state.watchKind(LINKS, WatchKindOptions.DEFAULT));
        open("status", state.watchKind(STATUSES, WatchKindOptions.bootstrap()));
        drain();

        step("raise eth0's MTU: the version goes from " + eth0.metadata().version() + " to the next");
        eth0 = state.update(eth0.withSpec(new LinkSpec(9000, true))).as(LinkSpec.class);
        drain();
        Bookmark afterMtu = lastBookmark;

        step("create a dummy link and relabel eth1 as virtual: it leaves the physical watch");
        state.create(link("dummy0", 1500, "virtual"), "");
        state.updateWithConflicts(LINKS.pointer("eth1"),
                r -> r.withMetadata(r.metadata().withLabel("kind", "virtual")), UpdateOptions.DEFAULT);
        drain();

        step("a finalizer holds eth0 while it tears down; destroy waits for it");
        Pointer eth0Ptr = eth0.pointer();
        state.addFinalizer(eth0Ptr, "network.AddressController");
        out.printf("  teardown says ready=%s%n", state.teardown(eth0Ptr));
        state.removeFinalizer(eth0Ptr, "network.AddressController");
        out.printf("  teardown says ready=%s%n", state.teardown(eth0Ptr));
        state.destroy(eth0Ptr);
        drain();

        step("a new watch resumes from the bookmark taken after the MTU change and replays what followed");
        watches.values().forEach(Watch::close);
        watches.clear();
        open("resumed", state.watchKind(LINKS, WatchKindOptions.DEFAULT.fromBookmark(afterMtu)));
        drain();
        watches.values().forEach(Watch::close);

        step("what is left, in the COSI YAML form");
        for (Resource<?> r : state.list(LINKS)) {
            out.println(ResourceYaml.encode(r).indent(2).stripTrailing());
            out.println("  ---");
        }
        for (Resource<?> r : state.list(STATUSES)) {
            out.println(ResourceYaml.encode(r).indent(2).stripTrailing());
            out.println("  ---");
        }
    }

    private void step(String text) {
        out.printf("%n== %s%n", text);
    }

    private void open(String name, Watch watch) {
        watches.put(name, watch);
    }

    /** Prints what each watch has seen by now. */
    private void drain() throws InterruptedException {
        for (Map.Entry<String, Watch> w : watches.entrySet()) {
            List<Event> events = w.getValue().next(SETTLE);
            while (!events.isEmpty()) {
                for (Event e : events) {
                    print(w.getKey(), e);
                    if (e.bookmark() != null && w.getKey().equals("plain")) {
                        lastBookmark = e.bookmark();
                    }
                }
                events = w.getValue().next(SETTLE);
            }
        }
        out.flush();
    }

    private void print(String watch, Event e) {
        String what = switch (e) {
            case Event.Bootstrapped b -> "(initial contents done)";
            case Event.Noop n -> "(start marker)";
            case Event.Errored err -> err.cause().getMessage();
            case Event.Updated u -> describe(u.resource()) + (u.old() == null ? "" : "  was " + u.old().spec());
            default -> describe(e.resource());
        };
        out.printf("  [%-8s] %-12s %s%n", watch, e.type(), what);
    }

    private static String describe(Resource<?> r) {
        return r.metadata() + " " + r.spec() + " " + r.metadata().phase() + " labels=" + r.metadata().labels()
                + (r.metadata().finalizers().isEmpty() ? "" : " finalizers=" + r.metadata().finalizers());
    }

    private static Resource<LinkSpec> link(String name, int mtu, String kind) {
        Resource<LinkSpec> r = Resource.of(LINKS.pointer(name), new LinkSpec(mtu, true));
        return r.withMetadata(r.metadata().withLabel("kind", kind));
    }
}
