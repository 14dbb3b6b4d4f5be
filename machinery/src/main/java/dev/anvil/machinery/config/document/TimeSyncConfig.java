package dev.anvil.machinery.config.document;

import java.util.List;

/** Time synchronisation: NTP servers (or PTP devices) and how long boot waits for a sync. */
public record TimeSyncConfig(Boolean enabled, String bootTimeout, Ntp ntp, Ptp ptp) implements ConfigDocument {

    public record Ntp(List<String> servers, Boolean useNTS) {
    }

    public record Ptp(List<String> devices) {
    }
}
