package dev.anvil.machinery.resources.network;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.resource.codec.ProtoField;
import dev.anvil.cosi.resource.codec.TextForm;

import java.util.Objects;

/**
 * An address with a prefix length, as Talos's specs hold {@code netip.Prefix}: {@code 10.5.0.2/24} in YAML, a
 * {@code common.NetIPPrefix} message on the wire. The address keeps its host bits (an interface address).
 */
@TextForm
public record NetIpPrefix(@ProtoField(1) Bytes ip, @ProtoField(2) int prefixLength) {
    public NetIpPrefix {
        Objects.requireNonNull(ip, "ip");
        new NetIp(ip);
        if (prefixLength < 0 || prefixLength > ip.length() * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
    }

    public static NetIpPrefix of(NetIp address, int prefixLength) {
        return new NetIpPrefix(address.ip(), prefixLength);
    }

    /** {@code address/bits}. */
    public static NetIpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a prefix (address/bits): \"" + text + "\"");
        }
        try {
            return of(NetIp.parse(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length: \"" + text + "\"", e);
        }
    }

    /** Talos's reading of an interface address: a bare address is a prefix of all its bits. */
    public static NetIpPrefix parseAddressOrPrefix(String text) {
        if (text.indexOf('/') >= 0) {
            return parse(text);
        }
        NetIp address = NetIp.parse(text);
        return of(address, address.ip().length() * 8);
    }

    public NetIp address() {
        return new NetIp(ip);
    }

    public boolean is6() {
        return ip.length() == 16;
    }

    @Override
    public String toString() {
        return address() + "/" + prefixLength;
    }
}
