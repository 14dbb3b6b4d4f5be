package dev.anvil.machined.server;

import dev.anvil.api.machine.MachineServiceGrpc;
import dev.anvil.machined.metrics.TextFormat;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's calls are counted by method and code and timed, refused ones too, over the real server. */
class ApiCallMetricsTest {
    @TempDir
    Path dir;
    private ServedApi api;

    @BeforeEach
    void serve() throws Exception {
        api = new ServedApi(dir);
    }

    @AfterEach
    void close() throws Exception {
        api.close();
    }

    @Test
    void callsAreCounted_byMethodAndCode_withTheirDurations() {
        var version = MachineServiceGrpc.getVersionMethod();
        var reboot = MachineServiceGrpc.getRebootMethod();
        for (int i = 0; i < 3; i++) {
            assertThat(ServedApi.call(api.client("os:reader"), version, ServedApi.emptyRequest(version)).getCode())
                    .isEqualTo(Status.Code.OK);
        }
        assertThat(ServedApi.call(api.client("os:reader"), reboot, ServedApi.emptyRequest(reboot)).getCode())
                .isEqualTo(Status.Code.PERMISSION_DENIED);

        TextFormat out = new TextFormat();
        api.calls.write(out);
        String text = out.toString();
        assertThat(value(text, "machined_api_requests_total{method=\"machine.MachineService/Version\",code=\"OK\"}"))
                .isEqualTo(3);
        assertThat(value(text, "machined_api_requests_total{method=\"machine.MachineService/Reboot\","
                + "code=\"PERMISSION_DENIED\"}")).isEqualTo(1);
        assertThat(value(text, "machined_api_request_duration_seconds_count{method=\"machine.MachineService/Version\"}"))
                .isEqualTo(3);
        assertThat(value(text, "machined_api_request_duration_seconds_bucket{method=\"machine.MachineService/Version\","
                + "le=\"+Inf\"}")).isEqualTo(3);
        assertThat(value(text, "machined_api_request_duration_seconds_sum{method=\"machine.MachineService/Version\"}"))
                .isPositive();
        assertThat(text).contains("# TYPE machined_api_requests_total counter\n",
                "# TYPE machined_api_request_duration_seconds histogram\n");
    }

    /** The value of the sample named exactly so (name and labels). */
    static double value(String exposition, String sample) {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertThat(m.find()).as("sample " + sample + " in\n" + exposition).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
