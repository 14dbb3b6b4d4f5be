package dev.anvil.ctl.dashboard;

/** The dashboard's screens, each on a function key, as talosctl's. */
public enum Screen {
    SUMMARY("F1", "summary"),
    MONITOR("F2", "monitor"),
    NETWORK("F3", "network"),
    CLUSTER("F4", "cluster");

    private final String key;
    private final String title;

    Screen(String key, String title) {
        this.key = key;
        this.title = title;
    }

    public String key() {
        return key;
    }

    public String title() {
        return title;
    }
}
