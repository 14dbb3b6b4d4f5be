package dev.anvil.ctl.dashboard;

/** What a key press asks of the dashboard. */
sealed interface Key {
    record Quit() implements Key {
    }

    record Previous() implements Key {
    }

    record Next() implements Key {
    }

    /** A number key: the node of that number, counted from 1. */
    record Node(int number) implements Key {
    }

    record Show(Screen screen) implements Key {
    }

    /** A key with no meaning here. */
    record Other() implements Key {
    }
}
