package dev.anvil.ctl.api;

import dev.anvil.api.common.Data;
import dev.anvil.api.common.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("deprecation")  // Metadata is deprecated in Talos's protos, yet still what a node fills
class NodeErrorsTest {
    private final ApiSession api = Sessions.unconnected();
    private final StringWriter err = new StringWriter();
    private final NodeErrors errors = new NodeErrors(api, new PrintWriter(err));

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void replies_areNotErrors_andTheCommandSucceeds() {
        assertThat(errors.reported(Data.newBuilder().setMetadata(Metadata.newBuilder().setHostname("cp-1")).build()))
                .isFalse();
        assertThat(errors.reported(Data.getDefaultInstance())).isFalse();
        assertThat(err.toString()).isEmpty();
        assertThat(errors.exitCode()).isZero();
    }

    @Test
    void nodesError_isPrintedWithTheNode_andFailsTheCommand() {
        Data failed = Data.newBuilder().setMetadata(Metadata.newBuilder().setHostname("cp-2")
                .setError("connection refused")).build();
        assertThat(errors.reported(failed)).isTrue();
        errors.report("cp-3", "cannot read event");
        assertThat(err.toString()).isEqualTo("cp-2: connection refused\ncp-3: cannot read event\n");
        assertThat(errors.exitCode()).isOne();
    }
}
