package dev.anvil.machined.server.proxy;

import com.google.protobuf.Message;
import dev.anvil.api.common.Data;
import dev.anvil.api.cosi.resource.StateGrpc;
import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.api.machine.PlatformInfo;
import dev.anvil.api.machine.Version;
import dev.anvil.api.machine.VersionResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replies named after their node, failures as replies, and merges, on the generated types by reflection. */
@SuppressWarnings("deprecation")  // common.Metadata is deprecated in Talos's protos, yet it is what names a node
class RepliesTest {
    private final Replies version = replies(MachineServiceGrpc.getVersionMethod());
    private final Replies logs = replies(MachineServiceGrpc.getLogsMethod());

    @Test
    void named_setsTheHostnameOfEveryMessage_andKeepsTheRest() {
        VersionResponse reply = VersionResponse.newBuilder()
                .addMessages(Version.newBuilder().setMetadata(dev.anvil.api.common.Metadata.newBuilder()
                        .setHostname("cp-1").setError("kept")).setPlatform(PlatformInfo.newBuilder().setName("x")))
                .addMessages(Version.getDefaultInstance())
                .build();

        VersionResponse named = (VersionResponse) version.named(reply, "10.5.0.2");

        assertThat(named.getMessagesList()).extracting(m -> m.getMetadata().getHostname())
                .containsExactly("10.5.0.2", "10.5.0.2");
        assertThat(named.getMessages(0).getMetadata().getError()).isEqualTo("kept");
        assertThat(named.getMessages(0).getPlatform().getName()).isEqualTo("x");
    }

    @Test
    void named_streamedMessage() {
        Data named = (Data) logs.named(Data.newBuilder().setBytes(com.google.protobuf.ByteString.copyFromUtf8("x"))
                .build(), "node-2");
        assertThat(named.getMetadata().getHostname()).isEqualTo("node-2");
        assertThat(named.getBytes().toStringUtf8()).isEqualTo("x");
    }

    @Test
    void failure_isAMessageWithOnlyMetadata_asTalosSaysIt() {
        Status refused = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused"));

        VersionResponse unary = (VersionResponse) version.failure("10.5.0.9", refused, new Metadata());
        Data streamed = (Data) logs.failure("10.5.0.9", Status.CANCELLED, new Metadata());

        assertThat(unary.getMessagesList()).singleElement().satisfies(m -> {
            assertThat(m.getMetadata().getHostname()).isEqualTo("10.5.0.9");
            assertThat(m.getMetadata().getError())
                    .isEqualTo("rpc error: code = Unavailable desc = io exception: Connection refused");
            assertThat(m.getMetadata().getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE.value());
            assertThat(m.getMetadata().getStatus().getMessage()).isEqualTo("io exception");
            assertThat(m.hasVersion()).isFalse();
        });
        assertThat(streamed.getMetadata().getError()).isEqualTo("rpc error: code = Canceled desc = ");
        assertThat(streamed.getBytes().isEmpty()).isTrue();
    }

    @Test
    void merged_concatenatesTheMessages_inOrder() {
        List<Message> replies = List.of(version.named(VersionResponse.newBuilder()
                        .addMessages(Version.getDefaultInstance()).build(), "a"),
                version.failure("b", Status.DEADLINE_EXCEEDED, new Metadata()),
                version.named(VersionResponse.newBuilder().addMessages(Version.getDefaultInstance()).build(), "c"));

        VersionResponse merged = (VersionResponse) version.merged(replies);

        assertThat(merged.getMessagesList()).extracting(m -> m.getMetadata().getHostname())
                .containsExactly("a", "b", "c");
        assertThat(merged.getMessages(1).getMetadata().getError()).startsWith("rpc error: code = DeadlineExceeded");
    }

    @Test
    void aMethodWithoutPerNodeMetadata_cannotFanOut() {
        assertThatThrownBy(() -> Replies.of(StateGrpc.getGetMethod())).isInstanceOfSatisfying(StatusException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    private static Replies replies(io.grpc.MethodDescriptor<?, ?> method) {
        try {
            return Replies.of(method);
        } catch (StatusException e) {
            throw new AssertionError(e);
        }
    }
}
