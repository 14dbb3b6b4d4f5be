package dev.anvil.machined.server;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.time.Time;
import dev.anvil.api.time.TimeRequest;
import dev.anvil.api.time.TimeResponse;
import dev.anvil.api.time.TimeServiceGrpc;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.machined.time.Sntp;
import dev.anvil.machinery.resources.network.TimeServerSpec;
import dev.anvil.machinery.resources.network.TimeServerStatus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code time.TimeService}: the node's clock against an NTP server, one SNTP exchange a call. {@code Time} asks the
 * first server the node syncs with (its TimeServerStatus), {@code TimeCheck} the one named. The reply's local time
 * is when the answer arrived, the remote time the server's transmit time.
 */
public final class TimeServer extends TimeServiceGrpc.TimeServiceImplBase {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final State state;
    private final Sntp sntp;

    public TimeServer(State state, Sntp sntp) {
        this.state = state;
        this.sntp = sntp;
    }

    @Override
    public void time(Empty request, StreamObserver<TimeResponse> response) {
        String server;
        try {
            server = state.get(TimeServerStatus.KIND.pointer(TimeServerSpec.ID), TimeServerStatus.class).spec()
                    .ntpServers().stream().findFirst().orElse("");
        } catch (NotFoundException e) {
            server = "";
        }
        if (server.isEmpty()) {
            response.onError(Status.FAILED_PRECONDITION.withDescription("the node has no time servers yet")
                    .asRuntimeException());
            return;
        }
        check(server, response);
    }

    @Override
    public void timeCheck(TimeRequest request, StreamObserver<TimeResponse> response) {
        if (request.getServer().isEmpty()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("ntp server is required").asRuntimeException());
            return;
        }
        check(request.getServer(), response);
    }

    @SuppressWarnings("deprecation") // Talos marks Metadata deprecated, yet every reply still carries it
    private void check(String server, StreamObserver<TimeResponse> response) {
        Sntp.Sample sample;
        try {
            sample = sntp.query(server, TIMEOUT);
        } catch (IOException | IllegalArgumentException e) {
            response.onError(Status.UNAVAILABLE.withDescription("error querying NTP server \"" + server + "\": "
                    + e.getMessage()).asRuntimeException());
            return;
        }
        response.onNext(TimeResponse.newBuilder().addMessages(Time.newBuilder()
                .setMetadata(Metadata.newBuilder().setHostname(dev.anvil.sys.Hostname.get()))
                .setServer(server).setLocaltime(timestamp(sample.localTime()))
                .setRemotetime(timestamp(sample.serverTime()))).build());
        response.onCompleted();
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
