package dev.anvil.ctl;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import dev.anvil.api.machine.ServiceEvent;
import dev.anvil.api.machine.ServiceInfo;
import dev.anvil.api.machine.ServiceList;
import dev.anvil.api.machine.ServiceRestart;
import dev.anvil.api.machine.ServiceRestartRequest;
import dev.anvil.api.machine.ServiceStart;
import dev.anvil.api.machine.ServiceStartRequest;
import dev.anvil.api.machine.ServiceStop;
import dev.anvil.api.machine.ServiceStopRequest;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.InsecureOptions;
import dev.anvil.ctl.api.NodeErrors;
import dev.anvil.ctl.api.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * anvilctl service: with no arguments, every service of the nodes; with an ID, that service's status; with an ID
 * and an action, the service started, stopped or restarted. Printed as talosctl prints them.
 */
@Command(name = "service", aliases = "services",
        description = {"Retrieve the state of a service (or all services), control service state.",
                "Without arguments, lists the services and their state; with a service ID, shows its status "
                        + "(action 'status'); with 'start', 'stop' or 'restart', changes its state."})
public final class ServiceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    InsecureOptions insecure;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "The service.")
    String id;
    @Parameters(index = "1", arity = "0..1", paramLabel = "ACTION", defaultValue = "status",
            description = "status (default), start, stop or restart.")
    String action;

    @Override
    public Integer call() throws Exception {
        if (!List.of("status", "start", "stop", "restart").contains(action)) {
            throw new IllegalArgumentException("unsupported service action: \"" + action + "\"");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ApiSession api = insecure.open(GlobalOptions.of(spec))) {
            NodeErrors errors = new NodeErrors(api, spec.commandLine().getErr());
            var machine = api.machine();
            Table table = switch (action) {
                case "status" -> {
                    var lists = machine.serviceList(Empty.getDefaultInstance()).getMessagesList();
                    yield id == null ? list(api, errors, lists, Instant.now())
                            : info(api, errors, lists, id, Instant.now());
                }
                case "start" -> responses(api, errors, machine.serviceStart(ServiceStartRequest.newBuilder()
                        .setId(id).build()).getMessagesList(), ServiceStart::getResp);
                case "stop" -> responses(api, errors, machine.serviceStop(ServiceStopRequest.newBuilder()
                        .setId(id).build()).getMessagesList(), ServiceStop::getResp);
                default -> responses(api, errors, machine.serviceRestart(ServiceRestartRequest.newBuilder()
                        .setId(id).build()).getMessagesList(), ServiceRestart::getResp);
            };
            if (table != null) {
                table.print(out);
            }
            return errors.exitCode();
        }
    }

    /** NODE SERVICE STATE HEALTH LAST CHANGE LAST EVENT, a row a service of each node. */
    static Table list(ApiSession api, NodeErrors errors, List<ServiceList> lists, Instant now) {
        Table table = new Table("NODE", "SERVICE", "STATE", "HEALTH", "LAST CHANGE", "LAST EVENT");
        for (ServiceList list : lists) {
            if (errors.reported(list)) {
                continue;
            }
            for (ServiceInfo service : list.getServicesList()) {
                List<ServiceEvent> events = service.getEvents().getEventsList();
                table.row(api.nodeOf(list), service.getId(), service.getState(), health(service),
                        (events.isEmpty() ? "" : ago(events.getLast().getTs(), now)) + " ago",
                        events.isEmpty() ? "<none>" : events.getLast().getMsg());
            }
        }
        return table;
    }

    /**
     * The service's block of each node that has it: its state, health and events, newest first; null when only
     * nodes' errors came (they are reported).
     */
    static Table info(ApiSession api, NodeErrors errors, List<ServiceList> lists, String id, Instant now) {
        Table table = null;
        for (ServiceList list : lists) {
            if (errors.reported(list)) {
                continue;
            }
            for (ServiceInfo service : list.getServicesList()) {
                if (!service.getId().equals(id)) {
                    continue;
                }
                String node = api.nodeOf(list);
                table = table == null ? new Table("NODE", node) : table.row("NODE", node);
                table.row("ID", service.getId()).row("STATE", service.getState())
                        .row("HEALTH", health(service));
                if (!service.getHealth().getLastMessage().isEmpty()) {
                    table.row("LAST HEALTH MESSAGE", service.getHealth().getLastMessage());
                }
                String label = "EVENTS";
                for (ServiceEvent event : service.getEvents().getEventsList().reversed()) {
                    table.row(label, "[" + event.getState() + "]: " + event.getMsg() + " ("
                            + ago(event.getTs(), now) + " ago)");
                    label = "";
                }
            }
        }
        if (table == null && errors.exitCode() == 0) {
            throw new IllegalArgumentException("service \"" + id + "\" is not registered on any nodes");
        }
        return table;
    }

    /** NODE RESPONSE, a row a node that carried out the action. */
    static <M extends Message> Table responses(ApiSession api, NodeErrors errors, List<M> replies,
            Function<M, String> response) {
        Table table = new Table("NODE", "RESPONSE");
        for (M reply : replies) {
            if (!errors.reported(reply)) {
                table.row(api.nodeOf(reply), response.apply(reply));
            }
        }
        return table;
    }

    /** talosctl's health column: "?" while unknown, "OK" or "Fail". */
    public static String health(ServiceInfo service) {
        if (service.getHealth().getUnknown()) {
            return "?";
        }
        return service.getHealth().getHealthy() ? "OK" : "Fail";
    }

    /** How long ago, rounded to the second (halves away from zero), as Go prints durations: "1m5s". */
    static String ago(Timestamp ts, Instant now) {
        Duration since = Duration.between(Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()), now);
        Duration size = since.abs();
        long seconds = size.getSeconds() + (size.getNano() >= 500_000_000 ? 1 : 0);
        return GoTime.formatDuration(Duration.ofSeconds(since.isNegative() ? -seconds : seconds));
    }
}
