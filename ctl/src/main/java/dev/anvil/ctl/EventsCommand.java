package dev.anvil.ctl;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.anvil.api.machine.AddressEvent;
import dev.anvil.api.machine.ConfigLoadErrorEvent;
import dev.anvil.api.machine.ConfigValidationErrorEvent;
import dev.anvil.api.machine.Event;
import dev.anvil.api.machine.EventsRequest;
import dev.anvil.api.machine.MachineStatusEvent;
import dev.anvil.api.machine.PhaseEvent;
import dev.anvil.api.machine.RestartEvent;
import dev.anvil.api.machine.SequenceEvent;
import dev.anvil.api.machine.ServiceStateEvent;
import dev.anvil.api.machine.TaskEvent;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.NodeErrors;
import dev.anvil.ctl.api.ServerStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * anvilctl events: the nodes' runtime events as they happen (and, if asked, some before), until interrupted
 * (Ctrl-C). Printed as talosctl prints them: two lines an event, {@code NODE ID EVENT} then {@code ACTOR SOURCE
 * MESSAGE}, under one header, through a tab writer flushed after each event (see {@link #lines}).
 */
@Command(name = "events", description = "Stream runtime events.")
final class EventsCommand implements Callable<Integer> {
    /** The prefix of the type URL of every event's payload, in Talos's words. */
    static final String TYPE_URL_PREFIX = "talos/runtime/";
    static final List<String> HEADER = List.of("NODE", "ID", "EVENT", "ACTOR", "SOURCE", "MESSAGE");

    /** What talosctl prints of each kind of event: its SOURCE and MESSAGE columns. */
    private static final Map<String, Kind<?>> KINDS = kinds(
            new Kind<>(SequenceEvent.getDescriptor().getFullName(), SequenceEvent.parser(),
                    e -> e.hasError() ? List.of(e.getSequence(), "error: " + e.getError().getMessage())
                            : List.of(e.getSequence(), e.getAction().name())),
            new Kind<>(PhaseEvent.getDescriptor().getFullName(), PhaseEvent.parser(),
                    e -> List.of(e.getPhase(), e.getAction().name())),
            new Kind<>(TaskEvent.getDescriptor().getFullName(), TaskEvent.parser(),
                    e -> List.of(e.getTask(), e.getAction().name())),
            new Kind<>(ServiceStateEvent.getDescriptor().getFullName(), ServiceStateEvent.parser(),
                    e -> List.of(e.getService(), e.getAction().name() + ": " + e.getMessage())),
            new Kind<>(ConfigLoadErrorEvent.getDescriptor().getFullName(), ConfigLoadErrorEvent.parser(),
                    e -> List.of("error", e.getError())),
            new Kind<>(ConfigValidationErrorEvent.getDescriptor().getFullName(), ConfigValidationErrorEvent.parser(),
                    e -> List.of("error", e.getError())),
            new Kind<>(AddressEvent.getDescriptor().getFullName(), AddressEvent.parser(),
                    e -> List.of(e.getHostname(), "ADDRESSES: " + String.join(",", e.getAddressesList()))),
            new Kind<>(MachineStatusEvent.getDescriptor().getFullName(), MachineStatusEvent.parser(),
                    e -> List.of(e.getStage().name(), "ready: " + e.getStatus().getReady() + ", unmet conditions: "
                            + e.getStatus().getUnmetConditionsList().stream()
                                    .map(MachineStatusEvent.MachineStatus.UnmetCondition::getName)
                                    .collect(Collectors.joining(" ", "[", "]")))),
            // talosctl decodes restart events but prints neither a source nor a message for them
            new Kind<>(RestartEvent.getDescriptor().getFullName(), RestartEvent.parser(), e -> List.of("", "")));

    @Spec
    CommandSpec spec;

    @Option(names = "--tail", paramLabel = "N",
            description = "Show this many past events first (-1: all the node keeps; default: none).")
    int tail;
    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Show the events of this past interval first, e.g. 30s or 5m (one second resolution).")
    String duration;
    @Option(names = "--since", paramLabel = "ID", description = "Show the events after this event ID first.")
    String since;
    @Option(names = "--actor-id", paramLabel = "ID", description = "Show only the events of this actor.")
    String actorId;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EventsRequest request = request();
        try (ApiSession api = GlobalOptions.of(spec).open()) {
            NodeErrors errors = new NodeErrors(api, spec.commandLine().getErr());
            boolean[] first = {true};
            ServerStream.forEach(api.machine().events(request), event -> {
                if (errors.reported(event)) {
                    return;
                }
                List<String> columns;
                try {
                    columns = sourceAndMessage(event.getData());
                } catch (InvalidProtocolBufferException e) {
                    errors.report(api.nodeOf(event), "cannot read event " + event.getId() + ": " + e.getMessage());
                    return;
                }
                if (columns != null) {
                    lines(first[0], List.of(api.nodeOf(event), event.getId(), event.getData().getTypeUrl()),
                            List.of(event.getActorId(), columns.get(0), columns.get(1))).forEach(out::println);
                    out.flush();
                    first[0] = false;
                }
            });
            return errors.exitCode();
        }
    }

    private EventsRequest request() {
        EventsRequest.Builder request = EventsRequest.newBuilder().setTailEvents(tail);
        if (duration != null) {
            Duration d = GoTime.parseDuration(duration);
            request.setTailSeconds(Math.toIntExact(d.toSeconds()));
        }
        if (since != null) {
            request.setTailId(since);
        }
        if (actorId != null) {
            request.setWithActorId(actorId);
        }
        return request.build();
    }

    /**
     * The SOURCE and MESSAGE of an event's payload, or null for a payload talosctl does not know (it skips those,
     * as it skips the empty first message of every stream).
     */
    static List<String> sourceAndMessage(Any data) throws InvalidProtocolBufferException {
        String url = data.getTypeUrl();
        Kind<?> kind = url.startsWith(TYPE_URL_PREFIX) ? KINDS.get(url.substring(TYPE_URL_PREFIX.length())) : null;
        return kind == null ? null : kind.columns(data);
    }

    /**
     * One event's two lines ({@code first} and {@code second}: three cells each), after the header when
     * {@code header}, lined up as Go's tab writer does with cells padded by 3: a column is as wide as its widest
     * cell among the consecutive lines that have a cell after it. So NODE and ACTOR share a width, and ID and
     * SOURCE; the event type and the message are last on their lines, and only the header has EVENT, ACTOR and
     * SOURCE cells in the middle, each as wide as itself.
     */
    static List<String> lines(boolean header, List<String> first, List<String> second) {
        List<List<String>> rows = header ? List.of(HEADER, first, second) : List.of(first, second);
        int[] widths = new int[HEADER.size() - 1];
        for (int column = 0; column < widths.length; column++) {
            for (List<String> row : rows) {
                if (column < row.size() - 1) {
                    widths[column] = Math.max(widths[column], width(row.get(column)) + 3);
                } else {
                    break;
                }
            }
        }
        return rows.stream().map(row -> {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < row.size() - 1; column++) {
                line.append(row.get(column)).repeat(' ', widths[column] - width(row.get(column)));
            }
            return line.append(row.getLast()).toString();
        }).toList();
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }

    private record Kind<M extends Message>(String name, Parser<M> parser,
            Function<M, List<String>> render) {
        List<String> columns(Any data) throws InvalidProtocolBufferException {
            return render.apply(parser.parseFrom(data.getValue()));
        }
    }

    private static Map<String, Kind<?>> kinds(Kind<?>... kinds) {
        return Arrays.stream(kinds).collect(Collectors.toUnmodifiableMap(Kind::name, k -> k));
    }
}
