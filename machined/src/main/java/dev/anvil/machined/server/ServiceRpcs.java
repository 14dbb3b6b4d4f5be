package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.anvil.api.common.Data;
import dev.anvil.api.machine.LogsContainer;
import dev.anvil.api.machine.LogsContainersResponse;
import dev.anvil.api.machine.LogsRequest;
import dev.anvil.api.machine.ServiceEvent;
import dev.anvil.api.machine.ServiceEvents;
import dev.anvil.api.machine.ServiceHealth;
import dev.anvil.api.machine.ServiceInfo;
import dev.anvil.api.machine.ServiceList;
import dev.anvil.api.machine.ServiceListResponse;
import dev.anvil.api.machine.ServiceRestart;
import dev.anvil.api.machine.ServiceRestartRequest;
import dev.anvil.api.machine.ServiceRestartResponse;
import dev.anvil.api.machine.ServiceStart;
import dev.anvil.api.machine.ServiceStartRequest;
import dev.anvil.api.machine.ServiceStartResponse;
import dev.anvil.api.machine.ServiceStop;
import dev.anvil.api.machine.ServiceStopRequest;
import dev.anvil.api.machine.ServiceStopResponse;
import dev.anvil.machined.events.BoundedHistory;
import dev.anvil.machined.kubernetes.KubeletService;
import dev.anvil.machined.kubernetes.KubernetesLogs;
import dev.anvil.machined.log.Log;
import dev.anvil.machined.services.LogRing;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.ServiceStatus;
import dev.anvil.machined.services.Supervisor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static dev.anvil.machined.server.MachineServer.node;

/**
 * ServiceList, ServiceStart/Stop/Restart and the services' logs (Logs, LogsContainers) as Talos serves them: a
 * service's events and health come from {@link ServiceHistory}, its output from its in-memory log ring, and
 * machined's own log is served as the service "machined".
 */
final class ServiceRpcs {
    /** A Data message of log lines holds at most about this many bytes (but always at least one line). */
    static final int LOG_CHUNK = 16 * 1024;

    private final Supervisor supervisor;
    private final ServiceHistory history;
    private final Streams streams;

    ServiceRpcs(Supervisor supervisor, ServiceHistory history, Streams streams) {
        this.supervisor = supervisor;
        this.history = history;
        this.streams = streams;
    }

    void list(Empty request, StreamObserver<ServiceListResponse> response) {
        var list = ServiceList.newBuilder().setMetadata(node());
        for (ServiceStatus status : supervisor.list()) {
            list.addServices(serviceInfo(status));
        }
        MachineServer.reply(response, ServiceListResponse.newBuilder().addMessages(list).build());
    }

    void start(ServiceStartRequest request, StreamObserver<ServiceStartResponse> response) {
        control(response, request.getId(), () -> {
            supervisor.start(request.getId());
            return ServiceStartResponse.newBuilder().addMessages(ServiceStart.newBuilder().setMetadata(node())
                    .setResp("Service \"" + request.getId() + "\" started")).build();
        });
    }

    void stop(ServiceStopRequest request, StreamObserver<ServiceStopResponse> response) {
        control(response, request.getId(), () -> {
            supervisor.stop(request.getId());
            return ServiceStopResponse.newBuilder().addMessages(ServiceStop.newBuilder().setMetadata(node())
                    .setResp("Service \"" + request.getId() + "\" stopped")).build();
        });
    }

    /** As in Talos, restarting a service that does not run starts it. */
    void restart(ServiceRestartRequest request, StreamObserver<ServiceRestartResponse> response) {
        control(response, request.getId(), () -> {
            supervisor.restart(request.getId());
            return ServiceRestartResponse.newBuilder().addMessages(ServiceRestart.newBuilder().setMetadata(node())
                    .setResp("Service \"" + request.getId() + "\" restarted")).build();
        });
    }

    /**
     * A service's output from its in-memory log, whatever the driver: Talos serves its own services (namespace
     * "system", and kubelet in any namespace) that way too, and machined's own log as id "machined".
     * {@code tail_lines} below 0 means every line kept. Containers of other namespaces are not served yet.
     */
    void logs(LogsRequest request, StreamObserver<Data> response) {
        String namespace = request.getNamespace();
        if (namespace.equals(ContainerRpcs.CRI_NAMESPACE) && !request.getId().equals("kubelet")) {
            response.onError(KubernetesLogs.unavailable(request.getId(), KubeletService.binary())
                    .asRuntimeException());
            return;
        }
        if (!namespace.isEmpty() && !namespace.equals("system") && !request.getId().equals("kubelet")) {
            response.onError(Status.UNIMPLEMENTED.withDescription("logs of containers in namespace \"" + namespace
                    + "\" are not served yet; only machined's services (namespace \"system\")").asRuntimeException());
            return;
        }
        boolean own = request.getId().equals(Log.ID);
        if (!own && !known(request.getId())) {
            response.onError(notFound(request.getId()));
            return;
        }
        LogRing log = own ? Log.recent() : supervisor.logs(request.getId());
        long from = log.position(request.getTailLines());
        streams.start(response, Thread.ofVirtual().name("logs " + request.getId()), out -> {
            long next = from;
            do {
                BoundedHistory.Chunk<String> chunk = log.read(next, request.getFollow() ? Streams.FOLLOW_WAIT : Duration.ZERO);
                Streams.requireNoGap(chunk, "log lines");
                sendLines(out, chunk.items());
                next = chunk.next();
            } while (request.getFollow());
        });
    }

    /** The ids the Logs RPC serves: every registered service, as Talos lists its registered logs. */
    void logsContainers(Empty request, StreamObserver<LogsContainersResponse> response) {
        var ids = LogsContainer.newBuilder().setMetadata(node()).addIds(Log.ID);
        supervisor.list().forEach(s -> ids.addIds(s.id()));
        MachineServer.reply(response, LogsContainersResponse.newBuilder().addMessages(ids).build());
    }

    private static void sendLines(Streams.Sender<Data> out, List<String> lines) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            if (!text.isEmpty() && text.length() + line.length() + 1 > LOG_CHUNK) {
                out.send(Data.newBuilder().setBytes(ByteString.copyFromUtf8(text.toString())).build());
                text.setLength(0);
            }
            text.append(line).append('\n');
        }
        if (!text.isEmpty()) {
            out.send(Data.newBuilder().setBytes(ByteString.copyFromUtf8(text.toString())).build());
        }
    }

    private ServiceInfo serviceInfo(ServiceStatus status) {
        var events = ServiceEvents.newBuilder();
        for (ServiceHistory.Event e : history.events(status)) {
            events.addEvents(ServiceEvent.newBuilder().setMsg(e.message()).setState(stateName(e.state()))
                    .setTs(timestamp(e.time())));
        }
        ServiceHistory.Health h = history.health(status.id());
        var health = ServiceHealth.newBuilder().setUnknown(status.healthy() == null)
                .setHealthy(Boolean.TRUE.equals(status.healthy())).setLastMessage(h.lastMessage());
        if (h.changed() != null) {
            health.setLastChange(timestamp(h.changed()));
        }
        return ServiceInfo.newBuilder().setId(status.id()).setState(stateName(status.state())).setEvents(events)
                .setHealth(health).build();
    }

    /** Talos's names: "Running", "Waiting", ... */
    static String stateName(ServiceState state) {
        String name = state.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    private interface ServiceAction<T> {
        T run() throws InterruptedException;
    }

    /** Runs a service control; an unknown ID is NOT_FOUND and names the services there are. */
    private <T> void control(StreamObserver<T> response, String id, ServiceAction<T> action) {
        if (!known(id)) {
            response.onError(notFound(id));
            return;
        }
        T reply;
        try {
            reply = action.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.onError(Status.CANCELLED.withDescription("interrupted while controlling service \"" + id + "\"")
                    .asRuntimeException());
            return;
        }
        MachineServer.reply(response, reply);
    }

    private boolean known(String id) {
        return supervisor.list().stream().anyMatch(s -> s.id().equals(id));
    }

    private StatusRuntimeException notFound(String id) {
        List<String> ids = supervisor.list().stream().map(ServiceStatus::id).toList();
        return Status.NOT_FOUND.withDescription("service \"" + id + "\" not found (services: "
                + String.join(", ", ids) + ")").asRuntimeException();
    }
}
