package dev.anvil.ctl;

import com.google.protobuf.Timestamp;
import dev.anvil.api.common.Metadata;
import dev.anvil.api.machine.ServiceEvent;
import dev.anvil.api.machine.ServiceEvents;
import dev.anvil.api.machine.ServiceHealth;
import dev.anvil.api.machine.ServiceInfo;
import dev.anvil.api.machine.ServiceList;
import dev.anvil.api.machine.ServiceStart;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.NodeErrors;
import dev.anvil.ctl.api.Sessions;
import dev.anvil.ctl.api.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings("deprecation")  // Metadata is deprecated in Talos's protos, yet still what a node fills
class ServiceCommandTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void ago_roundsToTheSecond_halvesAwayFromZero_inGoForm() {
        assertThat(ServiceCommand.ago(at(NOW.minusMillis(400)), NOW)).isEqualTo("0s");
        assertThat(ServiceCommand.ago(at(NOW.minusMillis(1500)), NOW)).isEqualTo("2s");
        assertThat(ServiceCommand.ago(at(NOW.minusSeconds(3725)), NOW)).isEqualTo("1h2m5s");
        assertThat(ServiceCommand.ago(at(NOW.minusSeconds(60)), NOW)).isEqualTo("1m0s");
        // a node whose clock is ahead of ours
        assertThat(ServiceCommand.ago(at(NOW.plusMillis(1500)), NOW)).isEqualTo("-2s");
        assertThat(ServiceCommand.ago(at(NOW.plusMillis(1400)), NOW)).isEqualTo("-1s");
    }

    @Test
    void health_isQuestionMarkOkOrFail() {
        assertThat(ServiceCommand.health(service(ServiceHealth.newBuilder().setUnknown(true).build()))).isEqualTo("?");
        assertThat(ServiceCommand.health(service(ServiceHealth.newBuilder().setHealthy(true).build()))).isEqualTo("OK");
        assertThat(ServiceCommand.health(service(ServiceHealth.getDefaultInstance()))).isEqualTo("Fail");
    }

    private final ApiSession api = Sessions.unconnected();
    private final StringWriter err = new StringWriter();
    private final NodeErrors errors = new NodeErrors(api, new PrintWriter(err));

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void list_aRowAServiceOfEachNode_lastEventAndHowLongAgo() {
        ServiceInfo etcd = ServiceInfo.newBuilder().setId("etcd").setState("Running")
                .setHealth(ServiceHealth.newBuilder().setHealthy(true))
                .setEvents(ServiceEvents.newBuilder()
                        .addEvents(event("Preparing", "Running pre state", NOW.minusSeconds(75)))
                        .addEvents(event("Running", "Health check successful", NOW.minusSeconds(65))))
                .build();
        ServiceInfo fresh = ServiceInfo.newBuilder().setId("trustd").setState("Waiting")
                .setHealth(ServiceHealth.newBuilder().setUnknown(true)).build();
        List<ServiceList> lists = List.of(
                ServiceList.newBuilder().setMetadata(node("cp-1")).addServices(etcd).addServices(fresh).build(),
                ServiceList.newBuilder().setMetadata(node("cp-2").toBuilder().setError("unreachable")).build());

        assertThat(print(ServiceCommand.list(api, errors, lists, NOW))).isEqualTo("""
                NODE   SERVICE   STATE     HEALTH   LAST CHANGE   LAST EVENT
                cp-1   etcd      Running   OK       1m5s ago      Health check successful
                cp-1   trustd    Waiting   ?         ago          <none>
                """);
        assertThat(err.toString()).isEqualTo("cp-2: unreachable\n");
        assertThat(errors.exitCode()).isOne();
    }

    @Test
    void info_blockOfEachNode_eventsNewestFirst() {
        ServiceInfo etcd = ServiceInfo.newBuilder().setId("etcd").setState("Running")
                .setHealth(ServiceHealth.newBuilder().setHealthy(false).setLastMessage("no quorum"))
                .setEvents(ServiceEvents.newBuilder()
                        .addEvents(event("Preparing", "Running pre state", NOW.minusSeconds(10)))
                        .addEvents(event("Running", "Started", NOW.minusSeconds(3))))
                .build();
        List<ServiceList> lists = List.of(ServiceList.newBuilder().setMetadata(node("cp-1")).addServices(etcd)
                .addServices(ServiceInfo.newBuilder().setId("other")).build());

        assertThat(print(ServiceCommand.info(api, errors, lists, "etcd", NOW))).isEqualTo("""
                NODE                  cp-1
                ID                    etcd
                STATE                 Running
                HEALTH                Fail
                LAST HEALTH MESSAGE   no quorum
                EVENTS                [Running]: Started (3s ago)
                                      [Preparing]: Running pre state (10s ago)
                """);
        assertThat(errors.exitCode()).isZero();
    }

    @Test
    void info_ofAServiceNoNodeHas_isAnError_unlessNodesFailed() {
        List<ServiceList> none = List.of(ServiceList.newBuilder().setMetadata(node("cp-1")).build());
        assertThatThrownBy(() -> ServiceCommand.info(api, errors, none, "etcd", NOW))
                .hasMessage("service \"etcd\" is not registered on any nodes");

        List<ServiceList> failed = List.of(ServiceList.newBuilder()
                .setMetadata(node("cp-1").toBuilder().setError("down")).build());
        assertThat(ServiceCommand.info(api, errors, failed, "etcd", NOW)).isNull();
        assertThat(err.toString()).isEqualTo("cp-1: down\n");
    }

    @Test
    void actions_printEachNodesResponse() {
        List<ServiceStart> replies = List.of(
                ServiceStart.newBuilder().setMetadata(node("cp-1")).setResp("Service \"etcd\" started").build());
        assertThat(print(ServiceCommand.responses(api, errors, replies, ServiceStart::getResp))).isEqualTo("""
                NODE   RESPONSE
                cp-1   Service "etcd" started
                """);
    }

    @Test
    void unknownAction_isRefused_beforeAnyCall() {
        Cli result = Cli.run("service", "etcd", "reload");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).isEqualTo("error: unsupported service action: \"reload\"\n");
    }

    private static String print(Table table) {
        StringWriter out = new StringWriter();
        table.print(new PrintWriter(out));
        return out.toString();
    }

    private static Metadata node(String hostname) {
        return Metadata.newBuilder().setHostname(hostname).build();
    }

    private static ServiceEvent event(String state, String message, Instant at) {
        return ServiceEvent.newBuilder().setState(state).setMsg(message).setTs(at(at)).build();
    }

    private static ServiceInfo service(ServiceHealth health) {
        return ServiceInfo.newBuilder().setId("etcd").setHealth(health).build();
    }

    private static Timestamp at(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
