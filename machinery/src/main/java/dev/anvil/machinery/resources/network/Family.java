package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.codec.ProtoField;

/** An address family, numbered as the kernel's AF_ constants (Talos's nethelpers.Family). */
public enum Family {
    @ProtoField(2) INET4,
    @ProtoField(10) INET6;

    public static Family of(NetIp address) {
        return address.is6() ? INET6 : INET4;
    }
}
