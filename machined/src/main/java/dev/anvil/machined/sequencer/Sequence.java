package dev.anvil.machined.sequencer;

import java.util.Set;

/**
 * The node's sequences, named as Talos's SequenceEvent names them. Only one runs at a time; some may take over a
 * running one (a reboot interrupts a boot, say), by Talos's rules.
 */
public enum Sequence {
    NOOP("noop"),
    BOOT("boot"),
    INITIALIZE("initialize"),
    INSTALL("install"),
    SHUTDOWN("shutdown"),
    UPGRADE("upgrade"),
    STAGE_UPGRADE("stageUpgrade"),
    MAINTENANCE_UPGRADE("maintenanceUpgrade"),
    RESET("reset"),
    REBOOT("reboot"),
    EMERGENCY_VOLUME_CLEANUP("emergencyVolumeCleanup");

    private final String text;

    Sequence(String text) {
        this.text = text;
    }

    /** Whether {@code next} may interrupt this sequence while it runs. */
    public boolean canBeTakenOverBy(Sequence next) {
        Set<Sequence> by = switch (this) {
            case INITIALIZE -> Set.of(MAINTENANCE_UPGRADE, REBOOT, EMERGENCY_VOLUME_CLEANUP);
            case BOOT -> Set.of(REBOOT, RESET, UPGRADE, EMERGENCY_VOLUME_CLEANUP);
            case REBOOT, RESET -> Set.of(REBOOT);
            default -> Set.of();
        };
        return by.contains(next);
    }

    @Override
    public String toString() {
        return text;
    }
}
