package dev.anvil.machined.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the API's calls by method and status code and times them, from the call's start to its close (a stream's
 * whole life). The API server puts it outside every other interceptor, so calls refused by authorization and calls
 * forwarded to other nodes count here too. A call the client cancels counts as CANCELLED.
 */
public final class ApiCallMetrics implements ServerInterceptor {
    private record Key(String method, Status.Code code) {
    }

    private final Map<Key, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, Histogram> durations = new ConcurrentHashMap<>();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        long started = System.nanoTime();
        String method = call.getMethodDescriptor().getFullMethodName();
        AtomicBoolean ended = new AtomicBoolean();
        ServerCall<Q, R> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (ended.compareAndSet(false, true)) {
                    record(method, status.getCode(), System.nanoTime() - started);
                }
                super.close(status, trailers);
            }
        };
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(timed, headers)) {
            @Override
            public void onCancel() {
                if (ended.compareAndSet(false, true)) {
                    record(method, Status.Code.CANCELLED, System.nanoTime() - started);
                }
                super.onCancel();
            }
        };
    }

    void record(String method, Status.Code code, long nanos) {
        calls.computeIfAbsent(new Key(method, code), k -> new LongAdder()).increment();
        durations.computeIfAbsent(method, m -> new Histogram(Histogram.DURATIONS)).observeNanos(nanos);
    }

    public void write(TextFormat out) {
        out.family("machined_api_requests_total", "counter", "API calls served, by method and gRPC status code.");
        calls.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> a.method().equals(b.method())
                        ? a.code().compareTo(b.code()) : a.method().compareTo(b.method())))
                .forEach(e -> out.sample("machined_api_requests_total", e.getValue().sum(),
                        "method", e.getKey().method(), "code", e.getKey().code().name()));
        out.family("machined_api_request_duration_seconds", "histogram",
                "How long API calls took, from start to close, by method.");
        durations.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> e.getValue().write(out, "machined_api_request_duration_seconds", "method", e.getKey()));
    }
}
