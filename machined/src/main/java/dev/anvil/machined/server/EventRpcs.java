package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import dev.anvil.api.common.Data;
import dev.anvil.api.machine.DmesgRequest;
import dev.anvil.api.machine.Event;
import dev.anvil.api.machine.EventsRequest;
import dev.anvil.machined.events.BoundedHistory;
import dev.anvil.machined.events.EventStream;
import dev.anvil.machined.events.MachineEvent;
import dev.anvil.sys.Kmsg;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The node's history as streams: its events (Events) and the kernel's log (Dmesg). */
final class EventRpcs {
    private final EventStream events;
    private final Streams streams;

    EventRpcs(EventStream events, Streams streams) {
        this.events = events;
        this.streams = streams;
    }

    /**
     * The node's events, after Talos's hello event; then follows until the client cancels. At most one of
     * tail_events (-1: all kept), tail_id (the events after it) and tail_seconds may be set; with none, only new
     * events come. with_actor_id keeps only the events of that actor.
     */
    void events(EventsRequest request, StreamObserver<Event> response) {
        long from;
        Instant since;
        try {
            from = start(request);
            since = request.getTailSeconds() == 0 ? Instant.MIN
                    : Instant.now().minusSeconds(request.getTailSeconds());
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        String actor = request.getWithActorId();
        streams.start(response, Thread.ofVirtual().name("events"), out -> {
            out.send(MachineEvents.hello(actor));
            long next = from;
            while (true) {
                BoundedHistory.Chunk<MachineEvent> chunk = events.read(next, Streams.FOLLOW_WAIT);
                Streams.requireNoGap(chunk, "events");
                for (MachineEvent event : chunk.items()) {
                    if ((actor.isEmpty() || actor.equals(event.actorId())) && !event.time().isBefore(since)) {
                        out.send(MachineEvents.toProto(event));
                    }
                }
                next = chunk.next();
            }
        });
    }

    /**
     * The kernel log, one record a message (see {@link KernelLog}): what it holds now, or with {@code tail} only
     * what comes next; {@code follow} goes on until the client cancels. Reading /dev/kmsg blocks in FFM calls, so
     * this runs on a platform thread.
     */
    void dmesg(DmesgRequest request, StreamObserver<Data> response) {
        streams.start(response, Thread.ofPlatform().daemon().name("dmesg"), out -> {
            KernelLog format = KernelLog.sinceBoot();
            try (Kmsg kmsg = new Kmsg()) {
                var records = kmsg.readAvailable();
                if (!request.getTail()) {
                    for (var record : records) {
                        out.send(data(format.format(record)));
                    }
                }
                if (request.getFollow()) {
                    kmsg.follow(record -> {
                        try {
                            out.send(data(format.format(record)));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();  // ends follow, which checks the flag
                        }
                    });
                    throw new InterruptedException("dmesg follow ended");
                }
            }
        });
    }

    private long start(EventsRequest request) {
        int set = (request.getTailEvents() != 0 ? 1 : 0) + (request.getTailId().isEmpty() ? 0 : 1)
                + (request.getTailSeconds() != 0 ? 1 : 0);
        if (set > 1) {
            throw new IllegalArgumentException("tail_events, tail_id and tail_seconds exclude one another");
        }
        if (request.getTailEvents() != 0) {
            return events.tail(request.getTailEvents());
        }
        if (!request.getTailId().isEmpty()) {
            return events.after(request.getTailId());
        }
        return request.getTailSeconds() != 0 ? events.tail(-1) : events.end();
    }

    private static Data data(String text) {
        return Data.newBuilder().setBytes(ByteString.copyFrom(text, StandardCharsets.UTF_8)).build();
    }
}
