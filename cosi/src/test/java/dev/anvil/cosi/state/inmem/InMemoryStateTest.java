package dev.anvil.cosi.state.inmem;

import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.conformance.StateConformance;
import org.junit.jupiter.api.Nested;

/** The conformance suite over the in-memory state with the history sizes the COSI runtime tests too. */
class InMemoryStateTest {

    @Nested
    class DefaultHistory extends StateConformance {
        @Override
        protected State newState() {
            return new InMemoryState();
        }
    }

    @Nested
    class GrowingHistory extends StateConformance {
        @Override
        protected State newState() {
            return new InMemoryState(new HistoryOptions(8, 1024, 2));
        }
    }

    @Nested
    class SmallHistory extends StateConformance {
        @Override
        protected State newState() {
            return new InMemoryState(new HistoryOptions(4, 32, 1));
        }
    }
}
