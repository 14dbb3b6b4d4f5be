package dev.anvil.machined.server.proxy;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.anvil.api.common.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;

import java.util.List;
import java.util.Locale;

/**
 * Where one method's replies say which node they come from, found by protobuf reflection on its response type,
 * following Talos's convention: a unary response holds {@code repeated X messages = 1} and each X has
 * {@code common.Metadata metadata = 1}; a streamed message has that metadata at its own field 1. Marking a reply
 * sets metadata.hostname and keeps the rest, as Talos's apid does by appending a metadata field to the wire bytes;
 * a failure becomes a reply with only metadata {hostname, error, status}; unary replies of several nodes merge by
 * concatenating their messages.
 */
@SuppressWarnings("deprecation")  // Talos marks common.Metadata deprecated, yet apid still marks every reply with it
final class Replies {
    private final Message prototype;
    /** The repeated field 1 of a unary response; null when the method streams its replies. */
    private final FieldDescriptor messages;
    /** The common.Metadata field of one message. */
    private final FieldDescriptor metadata;

    private Replies(Message prototype, FieldDescriptor messages, FieldDescriptor metadata) {
        this.prototype = prototype;
        this.messages = messages;
        this.metadata = metadata;
    }

    /** Fails with UNIMPLEMENTED for a method whose replies do not follow the convention: they cannot be merged. */
    static Replies of(MethodDescriptor<?, ?> method) throws StatusException {
        if (!(method.getResponseMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller)
                || !(marshaller.getMessagePrototype() instanceof Message prototype)) {
            throw unmergeable(method, "its replies are not protobuf messages");
        }
        Descriptor item = prototype.getDescriptorForType();
        FieldDescriptor messages = null;
        if (method.getType().serverSendsOneMessage()) {
            messages = item.findFieldByNumber(1);
            if (messages == null || !messages.isRepeated()
                    || messages.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                throw unmergeable(method, item.getFullName() + " has no repeated message field 1");
            }
            item = messages.getMessageType();
        }
        FieldDescriptor metadata = item.findFieldByNumber(1);
        if (metadata == null || metadata.isRepeated() || metadata.getJavaType() != FieldDescriptor.JavaType.MESSAGE
                || !metadata.getMessageType().getFullName().equals(Metadata.getDescriptor().getFullName())) {
            throw unmergeable(method, item.getFullName() + " has no common.Metadata field 1");
        }
        return new Replies(prototype, messages, metadata);
    }

    boolean streamed() {
        return messages == null;
    }

    /** The reply with the target's name in each of its messages. */
    Message named(Message reply, String target) {
        if (streamed()) {
            return namedItem(reply, target);
        }
        Message.Builder named = reply.toBuilder();
        for (int i = 0; i < reply.getRepeatedFieldCount(messages); i++) {
            named.setRepeatedField(messages, i, namedItem((Message) reply.getRepeatedField(messages, i), target));
        }
        return named.build();
    }

    private Message namedItem(Message item, String target) {
        Message.Builder meta = ((Message) item.getField(metadata)).toBuilder();
        meta.setField(meta.getDescriptorForType().findFieldByNumber(Metadata.HOSTNAME_FIELD_NUMBER), target);
        return item.toBuilder().setField(metadata, meta.build()).build();
    }

    /** What the caller gets instead of a reply when the call to a target failed. */
    Message failure(String target, Status status, io.grpc.Metadata trailers) {
        Metadata meta = Metadata.newBuilder().setHostname(target).setError(goError(status))
                .setStatus(StatusProto.fromStatusAndTrailers(status, trailers)).build();
        Message.Builder reply = prototype.newBuilderForType();
        if (streamed()) {
            return reply.setField(metadata, meta).build();
        }
        Message.Builder item = reply.newBuilderForField(messages);
        item.setField(metadata, meta);
        return reply.addRepeatedField(messages, item.build()).build();
    }

    /** One unary response holding the messages of all of them, in their order. */
    Message merged(List<Message> replies) {
        Message.Builder merged = prototype.newBuilderForType();
        for (Message reply : replies) {
            merged.mergeFrom(reply);
        }
        return merged.build();
    }

    /** As Go's gRPC prints a status error, which is what Talos's clients show: "rpc error: code = ... desc = ...". */
    static String goError(Status status) {
        String code = status.getCode() == Status.Code.CANCELLED ? "Canceled" : camel(status.getCode().name());
        String description = status.getDescription() != null ? status.getDescription() : "";
        // a connection that failed says why only in its cause ("io exception" / "Connection refused: ...")
        if (status.getCause() != null && status.getCause().getMessage() != null) {
            description = (description.isEmpty() ? "" : description + ": ") + status.getCause().getMessage();
        }
        return "rpc error: code = " + code + " desc = " + description;
    }

    private static String camel(String upperSnake) {
        StringBuilder out = new StringBuilder();
        for (String word : upperSnake.split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static StatusException unmergeable(MethodDescriptor<?, ?> method, String why) {
        return Status.UNIMPLEMENTED.withDescription(method.getFullMethodName()
                + " cannot go to several nodes at once: " + why).asException();
    }
}
