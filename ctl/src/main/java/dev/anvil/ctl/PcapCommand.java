package dev.anvil.ctl;

import dev.anvil.api.common.Data;
import dev.anvil.api.machine.BPFInstruction;
import dev.anvil.api.machine.PacketCaptureRequest;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.ServerStream;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * anvilctl pcap: captures a link's packets on one node, as talosctl does. With {@code -o FILE} (or {@code -o -} for
 * standard output) the pcap file the node streams is written as it is, for tcpdump, tshark or wireshark; without,
 * each packet is printed as a line ({@link PcapLines}). It runs until interrupted or for {@code --duration}.
 */
@Command(name = "pcap", aliases = "tcpdump", description = {"Capture the network packets from the node.",
        "The node streams the packets back as a pcap file. A BPF filter must be compiled to instructions first,"
                + " with the link type of the interface: --bpf-filter \"$(tcpdump -dd -y EN10MB 'tcp and dst port"
                + " 80')\". As the capture travels over the API, filter out its traffic (port 50000)."})
final class PcapCommand implements Callable<Integer> {
    private static final Pattern INSTRUCTION = Pattern.compile(
            "\\{\\s*0x([0-9a-fA-F]+),\\s*(\\d+),\\s*(\\d+),\\s*0x([0-9a-fA-F]+)\\s*},?");

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, defaultValue = "eth0", paramLabel = "NAME",
            description = "Interface name to capture packets on (default: ${DEFAULT-VALUE}).")
    String iface;
    @Option(names = "--promiscuous", description = "Put the interface into promiscuous mode.")
    boolean promiscuous;
    @Option(names = {"-s", "--snaplen"}, defaultValue = "4096", paramLabel = "BYTES",
            description = "Bytes kept of each packet at most (default: ${DEFAULT-VALUE}).")
    int snapLength;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the raw pcap data to this file ('-': standard output); if not set, print each"
                    + " packet decoded.")
    String output;
    @Option(names = "--bpf-filter", paramLabel = "PROGRAM", description = "BPF filter to apply, tcpdump -dd format.")
    String bpfFilter = "";
    @Option(names = "--duration", paramLabel = "DURATION", description = "Duration of the capture, e.g. 10s.")
    String duration;

    @Override
    public Integer call() throws Exception {
        PacketCaptureRequest request = PacketCaptureRequest.newBuilder().setInterface(iface)
                .setPromiscuous(promiscuous).setSnapLen(snapLength).addAllBpfFilter(parseFilter(bpfFilter)).build();
        try (ApiSession api = ReadCommand.openOne(spec, "pcap"); OutputStream out = open()) {
            var machine = api.machine();
            if (duration != null) {
                machine = machine.withDeadlineAfter(GoTime.parseDuration(duration).toNanos(), TimeUnit.NANOSECONDS);
            }
            PcapLines lines = out == null ? new PcapLines(spec.commandLine().getOut()) : null;
            try {
                ServerStream.forEach(machine.packetCapture(request), (Data data) -> {
                    try {
                        if (out != null) {
                            data.getBytes().writeTo(out);
                            out.flush();
                        } else {
                            lines.add(data.getBytes().toByteArray());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED) {
                    throw e;
                }
            }
        }
        return 0;
    }

    private OutputStream open() throws IOException {
        if (output == null) {
            return null;
        }
        return output.equals("-") ? RawOutput.of(spec) : Files.newOutputStream(Path.of(output));
    }

    /** The instructions of a program as {@code tcpdump -dd} prints it: one {@code { 0xOP, JT, JF, 0xK },} a line. */
    static List<BPFInstruction> parseFilter(String text) {
        List<BPFInstruction> program = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = INSTRUCTION.matcher(line.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("error parsing bpf instruction \"" + line + "\"");
            }
            program.add(BPFInstruction.newBuilder().setOp(Integer.parseUnsignedInt(m.group(1), 16))
                    .setJt(Integer.parseInt(m.group(2))).setJf(Integer.parseInt(m.group(3)))
                    .setK((int) Long.parseLong(m.group(4), 16)).build());
        }
        return program;
    }
}
