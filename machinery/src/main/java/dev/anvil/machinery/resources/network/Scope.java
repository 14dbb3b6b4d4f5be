package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.codec.ProtoField;

/** An address or route scope, numbered as the kernel's RT_SCOPE_ constants (Talos's nethelpers.Scope). */
public enum Scope {
    @ProtoField(0) GLOBAL,
    @ProtoField(200) SITE,
    @ProtoField(253) LINK,
    @ProtoField(254) HOST,
    @ProtoField(255) NOWHERE
}
