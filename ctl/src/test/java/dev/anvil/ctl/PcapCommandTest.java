package dev.anvil.ctl;

import dev.anvil.api.machine.BPFInstruction;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PcapCommandTest {
    @Test
    void parseFilter_readsTcpdumpsDdOutput() {
        var program = PcapCommand.parseFilter("""
                { 0x28, 0, 0, 0x0000000c },
                { 0x15, 0, 3, 0x00000800 },
                { 0x6, 0, 0, 0xffffffff },
                """);
        assertThat(program).containsExactly(
                BPFInstruction.newBuilder().setOp(0x28).setK(12).build(),
                BPFInstruction.newBuilder().setOp(0x15).setJf(3).setK(0x800).build(),
                BPFInstruction.newBuilder().setOp(6).setK(-1).build());
        assertThat(PcapCommand.parseFilter("  ")).isEmpty();
        assertThatThrownBy(() -> PcapCommand.parseFilter("ip and icmp"))
                .hasMessage("error parsing bpf instruction \"ip and icmp\"");
    }

    @Test
    void pcapLines_printOnePacketALine_whateverTheChunksAre() {
        // an Ethernet frame with an IPv4 ICMP echo request from 10.0.0.1 to 10.0.0.2, then one with UDP 53
        byte[] icmp = HexFormat.of().parseHex("0000000000020000000000010800" + "450000540000400040010000"
                + "0a0000010a000002" + "0800f7ff00000000");
        byte[] udp = HexFormat.of().parseHex("0000000000020000000000010800" + "4500001c0000400040110000"
                + "0a0000010a000002" + "d43100350008" + "0000");
        ByteBuffer stream = ByteBuffer.allocate(24 + 16 + icmp.length + 16 + udp.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        stream.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(4096).putInt(1);
        stream.putInt(60).putInt(250).putInt(icmp.length).putInt(98).put(icmp);
        stream.putInt(61).putInt(0).putInt(udp.length).putInt(udp.length).put(udp);
        byte[] bytes = stream.array();

        StringWriter text = new StringWriter();
        PcapLines lines = new PcapLines(new PrintWriter(text));
        for (int at = 0; at < bytes.length; at += 7) {
            lines.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 7)));
        }
        assertThat(text.toString().lines()).containsExactly(
                "00:01:00.000250 IP 10.0.0.1 > 10.0.0.2: ICMP, length 98",
                "00:01:01.000000 IP 10.0.0.1.54321 > 10.0.0.2.53: UDP, length " + udp.length);
    }
}
