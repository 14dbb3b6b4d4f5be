package dev.anvil.machined.network.dhcp4;

/** Bytes that are not a DHCPv4 message; the message says what is wrong with them. */
public final class MalformedPacketException extends IllegalArgumentException {
    public MalformedPacketException(String message) {
        super(message);
    }
}
