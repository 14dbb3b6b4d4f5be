package dev.anvil.e2e.api;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** anvilctl service(s) against a running node. */
@Tag("e2e")
@ExtendWith(SharedCluster.Resolver.class)
class ServiceCommandTest {
    private static final String HEADER = "NODE   SERVICE   STATE   HEALTH   LAST CHANGE   LAST EVENT";

    private final SharedCluster cluster;

    ServiceCommandTest(SharedCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void services_listsTheNodesServices_underTalosctlsHeader() {
        SharedCluster.Result result = cluster.anvilctl("services");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst().orElseThrow().replaceAll(" {3,}", "   ")).isEqualTo(HEADER);
        assertThat(withoutAges(cluster.anvilctl("service").out())).as("service without arguments lists too")
                .isEqualTo(withoutAges(result.out()));
    }

    /** The listings are taken a moment apart: LAST CHANGE (and so its width) may tick between them. */
    private static String withoutAges(String listing) {
        return listing.replaceAll("\\S+ ago", "AGE ago").replaceAll(" {2,}", "  ");
    }

    @Test
    void statusOfAnUnknownService_saysItIsNotRegistered() {
        SharedCluster.Result result = cluster.anvilctl("service", "nope");
        assertThat(result.exitCode()).isOne();
        assertThat(result.err()).isEqualTo("error: service \"nope\" is not registered on any nodes\n");
    }

    @Test
    void controllingAnUnknownService_isNotFound() {
        for (String action : new String[] {"start", "stop", "restart"}) {
            SharedCluster.Result result = cluster.anvilctl("service", "nope", action);
            assertThat(result.exitCode()).as(action).isOne();
            assertThat(result.err()).as(action).startsWith("error: not found: service \"nope\" not found");
        }
    }
}
