package dev.anvil.machinery.proto;

import com.google.protobuf.ByteString;
import dev.anvil.api.cosi.resource.EventType;
import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.Bookmark;
import dev.anvil.cosi.state.Event;
import dev.anvil.machinery.resources.ResourceTypes;

/**
 * Watch events as the {@code cosi.resource.Event} message. An Errored event carries only its message on the wire;
 * the receiving side rebuilds it as an {@link IllegalStateException} naming the watched kind.
 */
public final class EventMessages {
    private EventMessages() {
    }

    public static dev.anvil.api.cosi.resource.Event toProto(Event event) {
        var message = dev.anvil.api.cosi.resource.Event.newBuilder()
                .setEventType(EventType.forNumber(event.type().ordinal()));
        if (event.resource() != null) {
            message.setResource(ResourceMessages.toProto(event.resource()));
        }
        if (event instanceof Event.Updated u && u.old() != null) {
            message.setOld(ResourceMessages.toProto(u.old()));
        }
        if (event instanceof Event.Errored e) {
            message.setError(String.valueOf(e.cause().getMessage()));
        }
        if (event.bookmark() != null) {
            message.setBookmark(ByteString.copyFrom(event.bookmark().toBytes()));
        }
        return message.build();
    }

    public static Event fromProto(dev.anvil.api.cosi.resource.Event message, Kind kind, ResourceTypes types) {
        Bookmark bookmark = message.hasBookmark() ? Bookmark.of(message.getBookmark().toByteArray()) : null;
        return switch (message.getEventType()) {
            case CREATED -> new Event.Created(resource(message, types), bookmark);
            case UPDATED -> new Event.Updated(resource(message, types),
                    message.hasOld() ? ResourceMessages.fromProto(message.getOld(), types) : null, bookmark);
            case DESTROYED -> new Event.Destroyed(resource(message, types), bookmark);
            case BOOTSTRAPPED -> new Event.Bootstrapped(resource(message, types), bookmark);
            case NOOP -> new Event.Noop(resource(message, types), bookmark);
            case ERRORED -> new Event.Errored(new IllegalStateException("namespace \"" + kind.namespace()
                    + "\" type \"" + kind.type() + "\": " + message.getError()));
            case UNRECOGNIZED -> throw new IllegalArgumentException("unknown watch event type "
                    + message.getEventTypeValue());
        };
    }

    private static Resource<?> resource(dev.anvil.api.cosi.resource.Event message, ResourceTypes types) {
        if (!message.hasResource()) {
            throw new IllegalArgumentException(message.getEventType() + " event without a resource");
        }
        return ResourceMessages.fromProto(message.getResource(), types);
    }
}
