package dev.anvil.machined.server.proxy;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The routing decisions of Talos's apid director, from the call's metadata alone. */
class RouterTest {
    private static final String VERSION = "/machine.MachineService/Version";
    private final LocalTargets self = new LocalTargets(() -> "cp-1",
            List.of(InetAddress.ofLiteral("10.5.0.2"), InetAddress.ofLiteral("fd00::2")));
    private final Router controlPlane = new Router(self, true);
    private final Router worker = new Router(self, false);

    @Test
    void noRoutingMetadata_isServedHere() throws StatusException {
        assertThat(controlPlane.route(VERSION, new Metadata())).isInstanceOf(Route.Local.class);
    }

    @Test
    void node_namingAnotherNode_isRelayed_namingThisOne_isServedHere() throws StatusException {
        assertThat(controlPlane.route(VERSION, headers("node", "10.5.0.3"))).isEqualTo(new Route.Single("10.5.0.3"));
        for (String self : List.of("10.5.0.2", "cp-1", "fd00:0:0:0:0:0:0:2", "[fd00::2]")) {
            assertThat(controlPlane.route(VERSION, headers("node", self))).as(self).isInstanceOf(Route.Local.class);
        }
    }

    @Test
    void nodes_fansOut_evenToOneTarget_andToThisNode() throws StatusException {
        assertThat(controlPlane.route(VERSION, headers("nodes", "10.5.0.2", "10.5.0.3")))
                .isEqualTo(new Route.FanOut(List.of("10.5.0.2", "10.5.0.3")));
        assertThat(controlPlane.route(VERSION, headers("nodes", "10.5.0.2")))
                .isEqualTo(new Route.FanOut(List.of("10.5.0.2")));
    }

    @Test
    void nodes_winOverNode_andProxyFromWinsOverBoth() throws StatusException {
        Metadata both = headers("nodes", "10.5.0.3");
        both.put(Router.NODE, "10.5.0.4");
        assertThat(controlPlane.route(VERSION, both)).isEqualTo(new Route.FanOut(List.of("10.5.0.3")));
        both.put(Router.PROXY_FROM, "10.5.0.2:50000");
        assertThat(controlPlane.route(VERSION, both)).isInstanceOf(Route.Local.class);
    }

    @Test
    void nodes_onlyForTheServicesTalosFansOut() throws StatusException {
        assertThat(controlPlane.route("/time.TimeService/Time", headers("nodes", "10.5.0.3")))
                .isInstanceOf(Route.FanOut.class);
        assertRefused(controlPlane, "/cosi.resource.State/List", headers("nodes", "10.5.0.3"),
                Status.Code.INVALID_ARGUMENT, "one-2-many proxying is not supported for method /cosi.resource.State/List");
        assertThat(controlPlane.route("/cosi.resource.State/List", headers("node", "10.5.0.3")))
                .isEqualTo(new Route.Single("10.5.0.3"));
    }

    @Test
    void badTargets_areInvalid() {
        assertRefused(controlPlane, VERSION, headers("node", "10.5.0.3", "10.5.0.4"), Status.Code.INVALID_ARGUMENT,
                "node metadata must be single-valued");
        for (String bad : List.of("10.5.0.3:50000", "[fd00::3]:50000", "", " ")) {
            assertRefused(controlPlane, VERSION, headers("nodes", bad), Status.Code.INVALID_ARGUMENT,
                    "invalid target");
        }
        assertThat(Router.hasPort("fd00::3")).isFalse();
        assertThat(Router.hasPort("node-3.example")).isFalse();
    }

    @Test
    void aNodeWithoutClientCertificate_servesItself_andRefusesOthers() throws StatusException {
        assertThat(worker.route(VERSION, headers("node", "cp-1"))).isInstanceOf(Route.Local.class);
        assertThat(worker.route(VERSION, headers("nodes", "10.5.0.2")))
                .isEqualTo(new Route.FanOut(List.of("10.5.0.2")));
        assertRefused(worker, VERSION, headers("node", "10.5.0.3"), Status.Code.FAILED_PRECONDITION,
                "cannot forward requests to 10.5.0.3");
        assertRefused(worker, VERSION, headers("nodes", "10.5.0.2", "10.5.0.3"), Status.Code.FAILED_PRECONDITION,
                "cannot forward requests to 10.5.0.3");
    }

    private static Metadata headers(String key, String... values) {
        Metadata headers = new Metadata();
        for (String value : values) {
            headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
        }
        return headers;
    }

    private static void assertRefused(Router router, String method, Metadata headers, Status.Code code,
            String message) {
        assertThatThrownBy(() -> router.route(method, headers)).isInstanceOfSatisfying(StatusException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }
}
