package dev.anvil.ctl;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import dev.anvil.api.common.ContainerDriver;
import dev.anvil.api.machine.DmesgRequest;
import dev.anvil.api.machine.LogsRequest;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.ServiceInfo;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.meta.ResourceDefinitionSpec;
import dev.anvil.cosi.state.State;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.ServerStream;
import dev.anvil.ctl.output.ResourceDocument;
import dev.anvil.machinery.client.ResourceKinds;
import dev.anvil.machinery.config.ConfigRedaction;
import dev.anvil.machinery.resources.ResourceTypes;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the support bundle holds of one node, each a file of the node's folder under Talos's name where Talos has
 * one: {@code summary} (versions), {@code dmesg.log}, {@code dependencies.dot} (the controllers), {@code mounts},
 * {@code processes}, {@code resources/TYPE.yaml} (every resource of each type the node defines, sensitive types left
 * out), {@code service-logs/ID.log} and {@code service-logs/ID.state}; and Anvil's own {@code machineconfig.yaml}
 * (secrets redacted, {@link ConfigRedaction}), {@code events} and {@code netstat}. Tables are printed by the very
 * commands a user runs (through an in-process command line for the node); logs and the kernel log are the node's
 * bytes as they are.
 */
final class SupportCollectors {
    /** The longest a call of one collector may take. */
    static final Duration CALL_LIMIT = Duration.ofSeconds(60);
    /** The events stream never ends: it is read until nothing more has come for this long. */
    static final Duration EVENTS_QUIET = Duration.ofSeconds(1);

    /** One file of the bundle and how to make it; null content: nothing to write (a type without resources). */
    record Collector(String path, Collect collect) {
    }

    @FunctionalInterface
    interface Collect {
        byte[] run() throws Exception;
    }

    private final ApiSession api;
    private final GlobalOptions global;
    private final String node;

    /** The collectors of {@code node} (null: the endpoint itself), through the command's session. */
    SupportCollectors(ApiSession api, GlobalOptions global, String node) {
        this.api = api;
        this.global = global;
        this.node = node;
    }

    /** Every collector of the node; listing services and resource types asks the node already. */
    List<Collector> all() {
        List<Collector> all = new ArrayList<>(List.of(
                new Collector("summary", () -> command("version")),
                new Collector("dmesg.log", this::dmesg),
                new Collector("dependencies.dot", () -> command("inspect", "dependencies")),
                new Collector("mounts", () -> command("mounts")),
                new Collector("processes", () -> command("processes")),
                new Collector("netstat", () -> command("netstat", "-a", "-p")),
                new Collector("events", this::events),
                new Collector("machineconfig.yaml", this::machineConfig)));
        for (ServiceInfo service : machine().serviceList(Empty.getDefaultInstance()).getMessages(0)
                .getServicesList()) {
            all.add(new Collector("service-logs/" + service.getId() + ".log", () -> logs(service.getId())));
            all.add(new Collector("service-logs/" + service.getId() + ".state",
                    () -> command("service", service.getId())));
        }
        for (ResourceDefinitionSpec definition : ResourceKinds.definitions(state())) {
            if (!definition.sensitive()) {
                all.add(new Collector("resources/" + ResourceDefinitionSpec.pointer(definition.type()).id() + ".yaml",
                        () -> resources(definition)));
            }
        }
        return all;
    }

    /** Whether the node answers; throws with the reason when it does not. */
    void reach() {
        var version = machine().version(Empty.getDefaultInstance()).getMessages(0);
        String error = ApiSession.errorOf(version);
        if (!error.isEmpty()) {
            throw new IllegalStateException(error);
        }
    }

    private MachineServiceGrpc.MachineServiceBlockingStub machine() {
        return MachineServiceGrpc.newBlockingStub(api.channelFor(node))
                .withDeadlineAfter(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private State state() {
        return api.state(node, ResourceTypes.none());
    }

    private byte[] dmesg() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServerStream.forEach(machine().dmesg(DmesgRequest.getDefaultInstance()), d -> write(out, d.getBytes()));
        return out.toByteArray();
    }

    private byte[] logs(String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogsRequest request = LogsRequest.newBuilder().setNamespace(LogsCommand.SYSTEM_NAMESPACE)
                .setDriver(ContainerDriver.CONTAINERD).setId(id).setTailLines(-1).build();
        ServerStream.forEach(machine().logs(request), d -> write(out, d.getBytes()));
        return out.toByteArray();
    }

    private byte[] machineConfig() {
        String documents = MachineConfig.documents(state().get(MachineConfig.ACTIVE));
        return ConfigRedaction.redact(documents).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] resources(ResourceDefinitionSpec definition) {
        StringBuilder yaml = new StringBuilder();
        for (Resource<?> r : state().list(new Kind(definition.defaultNamespace(), definition.type()))) {
            if (!yaml.isEmpty()) {
                yaml.append("---\n");
            }
            yaml.append(new ResourceDocument(r).yaml());
        }
        return yaml.isEmpty() ? null : yaml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What {@code anvilctl -n NODE ARGS...} prints; its errors (stderr, a failing exit) fail the collector. */
    private byte[] command(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = commandLine(out, err).execute(arguments(args));
        if (code != 0) {
            throw new IllegalStateException(err.toString().strip());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code anvilctl events --tail -1}, stopped once no event has come for {@link #EVENTS_QUIET}. */
    private byte[] events() throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = commandLine(out, err);
        Thread thread = Thread.ofPlatform().name("support events " + node)
                .start(() -> cli.execute(arguments("events", "--tail", "-1")));
        long deadline = System.nanoTime() + CALL_LIMIT.toNanos();
        int seen = -1;
        while (thread.isAlive() && System.nanoTime() < deadline) {
            thread.join(EVENTS_QUIET);
            int now = out.getBuffer().length();
            if (now == seen) {
                break;
            }
            seen = now;
        }
        thread.interrupt();
        thread.join();
        if (!err.toString().isBlank()) {
            throw new IllegalStateException(err.toString().strip());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static CommandLine commandLine(StringWriter out, StringWriter err) {
        CommandLine cli = Anvilctl.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    private String[] arguments(String... command) {
        List<String> all = new ArrayList<>(global.argumentsFor(node));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    private static void write(ByteArrayOutputStream out, ByteString bytes) {
        out.writeBytes(bytes.toByteArray());
    }
}
