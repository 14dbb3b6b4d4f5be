package dev.anvil.machined.server.proxy;

import java.util.List;

/** Where a call goes: served here, relayed as it is to one other node, or sent to several with replies merged. */
sealed interface Route {

    /** This node serves the call itself. */
    record Local() implements Route {
    }

    /** The {@code node} metadata named another node: its reply and its errors come back unchanged. */
    record Single(String target) implements Route {
    }

    /**
     * The {@code nodes} metadata: every target gets the call, and each reply (or error) comes back marked with the
     * target's name as the request gave it. A target may be this node.
     */
    record FanOut(List<String> targets) implements Route {
        public FanOut {
            targets = List.copyOf(targets);
        }
    }
}
