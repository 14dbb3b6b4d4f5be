package dev.anvil.cosi.state.conformance;

import dev.anvil.cosi.state.State;
import org.junit.jupiter.api.Nested;

/**
 * The whole State conformance suite for one backend: extend this class and say how to make the state. Each group
 * of checks runs as a nested class over a fresh state per test.
 */
public abstract class StateConformance {

    protected abstract State newState();

    @Nested
    class Crud extends StateSuite {
        @Override
        protected State newState() {
            return StateConformance.this.newState();
        }
    }

    @Nested
    class Watches extends WatchSuite {
        @Override
        protected State newState() {
            return StateConformance.this.newState();
        }
    }

    @Nested
    class Bookmarks extends BookmarkSuite {
        @Override
        protected State newState() {
            return StateConformance.this.newState();
        }
    }

    @Nested
    class Waits extends WaitSuite {
        @Override
        protected State newState() {
            return StateConformance.this.newState();
        }
    }
}
