package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.codec.ProtoField;

/** An address or route scope, numbered as the kernel's RT_SCOPE_ constants (Talos's nethelpers.Scope). */
public enum Scope {
    @ProtoField(0) GLOBAL,
    @ProtoField(200) SITE,
    @ProtoField(253) LINK,
    @ProtoField(254) HOST,
    @ProtoField(255) NOWHERE;

    /** The scope with the kernel's number; the user-defined scopes between those listed read as the next lower one. */
    public static Scope of(int number) {
        return number >= 255 ? NOWHERE : number >= 254 ? HOST : number >= 253 ? LINK : number >= 200 ? SITE : GLOBAL;
    }

    public int number() {
        return switch (this) {
            case GLOBAL -> 0;
            case SITE -> 200;
            case LINK -> 253;
            case HOST -> 254;
            case NOWHERE -> 255;
        };
    }
}
