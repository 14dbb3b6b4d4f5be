package dev.anvil.machined.server;

import com.google.protobuf.Message;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

import java.io.InputStream;

/**
 * Refuses a request whose bytes are not a message of its method's request type with INVALID_ARGUMENT, naming the
 * type and what is wrong. Left to gRPC, such a request fails while the server parses it, outside every handler and
 * interceptor: the caller gets UNKNOWN "Application error processing RPC" and the log a stack trace.
 *
 * <p>The wrapped service takes each request as the bytes that came, and parses them itself, in the outermost
 * listener of the call; the interceptors and the handler inside see the call as before. Whoever closes the call
 * first wins: a later close (this refusal after the authorization's, say) is dropped.
 */
final class MalformedRequests {
    private MalformedRequests() {
    }

    /** The service, taking its requests as described above. */
    static ServerServiceDefinition refuse(ServerServiceDefinition service) {
        var wrapped = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            wrapped.addMethod(parsedHere(method));
        }
        return wrapped.build();
    }

    private static <Q, R> ServerMethodDefinition<InputStream, R> parsedHere(ServerMethodDefinition<Q, R> definition) {
        MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
        MethodDescriptor<InputStream, R> bytes = method.toBuilder(AsSent.INSTANCE, method.getResponseMarshaller())
                .build();
        return ServerMethodDefinition.create(bytes, (call, headers) -> {
            Typed<Q, R> typed = new Typed<>(call, method);
            return new Parsing<>(definition.getServerCallHandler().startCall(typed, headers), typed);
        });
    }

    /** The request type's full protobuf name, or its class name for other marshallers. */
    private static String typeName(MethodDescriptor<?, ?> method) {
        if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototype) {
            return prototype.getMessagePrototype() instanceof Message message
                    ? message.getDescriptorForType().getFullName()
                    : prototype.getMessagePrototype().getClass().getSimpleName();
        }
        return "request";
    }

    /** The listener gRPC calls: parses each request before the call's own listener gets it. */
    private static final class Parsing<Q, R> extends ServerCall.Listener<InputStream> {
        private final ServerCall.Listener<Q> next;
        private final Typed<Q, R> call;
        private boolean refused;

        Parsing(ServerCall.Listener<Q> next, Typed<Q, R> call) {
            this.next = next;
            this.call = call;
        }

        @Override
        public void onMessage(InputStream bytes) {
            if (refused) {
                return;
            }
            Q request;
            try {
                request = call.method.parseRequest(bytes);
            } catch (RuntimeException e) {
                refused = true;
                Throwable why = e.getCause() != null ? e.getCause() : e;
                call.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid "
                        + typeName(call.method) + " message: " + why.getMessage()), new Metadata());
                return;
            }
            next.onMessage(request);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                next.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                next.onReady();
            }
        }

        @Override
        public void onCancel() {
            next.onCancel();
        }

        @Override
        public void onComplete() {
            next.onComplete();
        }
    }

    /** The call as the interceptors and the handler know it: of the method's own request type. */
    private static final class Typed<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<InputStream, R> call;
        private final MethodDescriptor<Q, R> method;
        private boolean closed;

        Typed(ServerCall<InputStream, R> call, MethodDescriptor<Q, R> method) {
            this.call = call;
            this.method = method;
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                call.close(status, trailers);
            }
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }

        @Override
        public void request(int count) {
            call.request(count);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            call.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            call.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public boolean isCancelled() {
            return call.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public void setOnReadyThreshold(int bytes) {
            call.setOnReadyThreshold(bytes);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return call.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }
    }

    /** A request as the bytes that came. */
    private enum AsSent implements MethodDescriptor.Marshaller<InputStream> {
        INSTANCE;

        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    }
}
