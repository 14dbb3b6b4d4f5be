package dev.anvil.sys;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class ArpAnnounceTest {
    @Test
    void announcement_isAnArpRequestFromAndForTheAddress() throws Exception {
        byte[] mac = HexFormat.of().parseHex("02aabbccddee");
        byte[] packet = ArpAnnounce.packet(mac, (Inet4Address) InetAddress.getByName("10.213.30.100"));
        // Ethernet, IPv4, 6 and 4 byte addresses, request; sender MAC and IP, no target MAC, target IP the same
        assertThat(HexFormat.of().formatHex(packet)).isEqualTo("0001" + "0800" + "06" + "04" + "0001"
                + "02aabbccddee" + "0ad51e64" + "000000000000" + "0ad51e64");
    }
}
