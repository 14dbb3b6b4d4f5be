package dev.anvil.machined.server;

import com.google.protobuf.ByteString;
import dev.anvil.api.common.Data;
import dev.anvil.api.machine.BPFInstruction;
import dev.anvil.api.machine.PacketCaptureRequest;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.NotFoundException;
import dev.anvil.cosi.state.State;
import dev.anvil.machinery.resources.network.LinkStatus;
import dev.anvil.sys.PacketSocket;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The PacketCapture RPC as Talos serves it: the frames of one link (its LinkStatus says which kind of link-layer
 * header they carry) streamed as a pcap file, first the file's global header, then one message a frame (its record
 * header and bytes), until the client cancels. The request's classic BPF program is attached to the socket, so the
 * kernel drops what it rejects. The socket's receive blocks in FFM calls, so each capture has a platform thread.
 */
final class PacketCaptures {
    /** Talos's snap length when the request has none (its AF_PACKET library's default frame size). */
    static final int DEFAULT_SNAP_LENGTH = 4096;
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;

    private final State state;
    private final Streams streams;

    PacketCaptures(State state, Streams streams) {
        this.state = state;
        this.streams = streams;
    }

    void capture(PacketCaptureRequest request, StreamObserver<Data> response) {
        int linkType;
        try {
            Resource<?> link = state.get(LinkStatus.KIND.pointer(request.getInterface()));
            linkType = switch (((LinkStatus) link.spec()).type()) {
                case ETHER, LOOPBACK -> LINKTYPE_ETHERNET;
                case NONE -> LINKTYPE_RAW;
                default -> -1;
            };
            if (linkType < 0) {
                response.onError(Status.INVALID_ARGUMENT.withDescription("unsupported link type "
                        + ((LinkStatus) link.spec()).type()).asRuntimeException());
                return;
            }
        } catch (NotFoundException e) {
            response.onError(Status.NOT_FOUND.withDescription("interface \"" + request.getInterface()
                    + "\" not found").asRuntimeException());
            return;
        }
        int snapLength = request.getSnapLen() == 0 ? DEFAULT_SNAP_LENGTH : request.getSnapLen();
        List<PacketSocket.Instruction> filter = request.getBpfFilterList().stream().map(PacketCaptures::instruction)
                .toList();
        streams.start(response, Thread.ofPlatform().daemon().name("pcap " + request.getInterface()), out -> {
            try (PacketSocket socket = PacketSocket.open(request.getInterface(), request.getPromiscuous(),
                    snapLength, filter)) {
                out.send(data(fileHeader(snapLength, linkType)));
                while (!Thread.currentThread().isInterrupted()) {
                    var frame = socket.receive();
                    if (frame.isPresent()) {
                        out.send(data(record(frame.get())));
                    }
                }
                throw new InterruptedException("the capture was cancelled");
            }
        });
    }

    private static PacketSocket.Instruction instruction(BPFInstruction in) {
        return new PacketSocket.Instruction(in.getOp(), in.getJt(), in.getJf(), in.getK());
    }

    /** pcap's global header: magic, version 2.4, UTC, the snap length and the link type; little-endian. */
    static byte[] fileHeader(int snapLength, int linkType) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2)
                .putShort((short) 4).putInt(0).putInt(0).putInt(snapLength).putInt(linkType).array();
    }

    /** One pcap record: seconds and microseconds, the bytes kept, the frame's length, then the bytes. */
    static byte[] record(PacketSocket.Frame frame) {
        return ByteBuffer.allocate(16 + frame.data().length).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) frame.time().getEpochSecond()).putInt(frame.time().getNano() / 1000)
                .putInt(frame.data().length).putInt(frame.length()).put(frame.data()).array();
    }

    private static Data data(byte[] bytes) {
        return Data.newBuilder().setBytes(ByteString.copyFrom(bytes)).build();
    }
}
