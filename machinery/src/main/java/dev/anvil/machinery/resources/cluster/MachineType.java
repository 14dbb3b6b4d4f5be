package dev.anvil.machinery.resources.cluster;

import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.YamlName;

/** Talos's {@code machine.Type}: what a node is, as its config's {@code machine.type} says, with the wire numbers. */
public enum MachineType {
    @ProtoField(0) @YamlName("unknown") UNKNOWN,
    @ProtoField(1) @YamlName("init") INIT,
    @ProtoField(2) @YamlName("controlplane") CONTROL_PLANE,
    @ProtoField(3) @YamlName("worker") WORKER;

    /** From the config's {@code machine.type}; anything else is unknown. */
    public static MachineType parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        return switch (text) {
            case "init" -> INIT;
            case "controlplane" -> CONTROL_PLANE;
            case "worker" -> WORKER;
            default -> UNKNOWN;
        };
    }

    /** Init nodes are control planes too (Talos's IsControlPlane). */
    public boolean isControlPlane() {
        return this == INIT || this == CONTROL_PLANE;
    }

    @Override
    public String toString() {
        return switch (this) {
            case UNKNOWN -> "unknown";
            case INIT -> "init";
            case CONTROL_PLANE -> "controlplane";
            case WORKER -> "worker";
        };
    }
}
