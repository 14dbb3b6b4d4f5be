package dev.anvil.cosi.state;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** What {@link State#watchFor} waits for. Events without a resource (Errored) never match. */
@FunctionalInterface
public interface WatchCondition {
    boolean test(Event event);

    static WatchCondition eventTypes(EventType first, EventType... rest) {
        Set<EventType> types = EnumSet.of(first, rest);
        return event -> types.contains(event.type());
    }

    static WatchCondition phases(Phase first, Phase... rest) {
        Set<Phase> phases = EnumSet.of(first, rest);
        return event -> phases.contains(event.resource().metadata().phase());
    }

    /** The resource exists and has no finalizers; a Destroyed event never matches. */
    static WatchCondition finalizersEmpty() {
        return event -> event.type() != EventType.DESTROYED && event.resource().metadata().finalizers().isEmpty();
    }

    static WatchCondition resource(Predicate<Resource<?>> predicate) {
        return event -> predicate.test(event.resource());
    }

    static boolean all(List<WatchCondition> conditions, Event event) {
        if (event.resource() == null) {
            return false;
        }
        for (WatchCondition condition : conditions) {
            if (!condition.test(event)) {
                return false;
            }
        }
        return true;
    }
}
