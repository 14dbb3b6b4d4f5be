package dev.anvil.ctl.dashboard;

import dev.anvil.api.common.ContainerDriver;
import dev.anvil.api.machine.LogsRequest;
import dev.anvil.ctl.Failures;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.ServerStream;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a {@link DashboardModel} fed: per node, one virtual thread polls it every interval and one follows its
 * machined log. A node that fails is retried on the next interval (an unreachable endpoint is dialled again at once
 * rather than after gRPC's backoff), independently of the others. Closing stops and joins every thread.
 */
final class NodeFeeds implements AutoCloseable {
    /** The log id of machined's own log. */
    static final String MACHINED_LOG = "machined";
    private static final int LOG_TAIL = 50;

    private final ApiSession api;
    private final DashboardModel model;
    private final Duration interval;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();

    NodeFeeds(ApiSession api, DashboardModel model, Duration interval, Clock clock) {
        this.api = api;
        this.model = model;
        this.interval = interval;
        this.clock = clock;
    }

    void start() {
        for (String node : model.nodes()) {
            threads.add(Thread.ofVirtual().name("dashboard poll " + node).start(() -> poll(node)));
            threads.add(Thread.ofVirtual().name("dashboard log " + node).start(() -> followLog(node)));
        }
    }

    private void poll(String node) {
        Duration timeout = interval.compareTo(Duration.ofSeconds(5)) > 0 ? interval : Duration.ofSeconds(5);
        NodePoller poller = new NodePoller(api, node, timeout);
        while (!Thread.currentThread().isInterrupted()) {
            NodeSnapshot previous = model.snapshot(node);
            try {
                model.update(previous.answered(poller.poll(clock.instant()), clock.instant()));
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                model.update(previous.failed(Failures.describe(e), clock.instant()));
                reconnectIfUnreachable(e);
            }
            if (!sleep(interval)) {
                return;
            }
        }
    }

    private void followLog(String node) {
        LogsRequest request = LogsRequest.newBuilder().setNamespace("system").setDriver(ContainerDriver.CONTAINERD)
                .setId(MACHINED_LOG).setFollow(true).setTailLines(LOG_TAIL).build();
        LogTail tail = model.log(node);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                boolean[] first = {true};
                ServerStream.forEach(api.machineFor(node).logs(request), data -> {
                    String error = ApiSession.errorOf(data);
                    if (!error.isEmpty()) {
                        throw new IllegalStateException(error);
                    }
                    if (first[0]) {
                        // the node's tail comes again: the lines kept until now would show twice
                        tail.restart();
                        first[0] = false;
                    }
                    tail.add(data.getBytes().toByteArray());
                });
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                tail.failed("the node ended the log stream");
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                tail.failed(Failures.describe(e));
            }
            if (!sleep(interval)) {
                return;
            }
        }
    }

    private void reconnectIfUnreachable(RuntimeException e) {
        if (e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNAVAILABLE) {
            api.reconnect();
        }
    }

    /** False when interrupted (the dashboard is closing). */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(5));
        }
    }
}
