package dev.anvil.machined.server;

import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.ServiceState;
import dev.anvil.machined.services.ServiceStatus;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.sys.ProcessSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceHistoryTest {

    @Test
    void keepsTheLastStateChanges_andHealthChangesApart() {
        try (Supervisor supervisor = new Supervisor(Optional.empty(), "unused")) {
            ServiceHistory history = ServiceHistory.watch(supervisor);
            for (int i = 0; i < ServiceHistory.KEPT + 6; i++) {
                history.accept(status(i % 2 == 0 ? ServiceState.PREPARING : ServiceState.RUNNING, null, "change " + i));
            }
            history.accept(status(ServiceState.RUNNING, true, "healthy"));

            var events = history.events(status(ServiceState.RUNNING, true, "healthy"));
            assertThat(events).hasSize(ServiceHistory.KEPT);
            assertThat(events.getFirst().message()).isEqualTo("change 6");
            assertThat(events.getLast().message()).isEqualTo("change " + (ServiceHistory.KEPT + 5));
            assertThat(history.health("svc").lastMessage()).isEqualTo("healthy");
            assertThat(history.health("svc").changed()).isNotNull();
            assertThat(history.health("other")).isEqualTo(ServiceHistory.Health.NEVER);
        }
    }

    @Test
    void servicesRegisteredBeforeIt_areSeededWithTheirStatus() {
        try (Supervisor supervisor = new Supervisor(Optional.empty(), "unused")) {
            supervisor.register(ServiceSpec.of("early", ProcessSpec.of("/bin/true")));
            ServiceHistory history = ServiceHistory.watch(supervisor);
            assertThat(history.events(supervisor.status("early"))).extracting(ServiceHistory.Event::message)
                    .containsExactly("registered");
        }
    }

    private static ServiceStatus status(ServiceState state, Boolean healthy, String message) {
        return new ServiceStatus("svc", state, healthy, message, 0, 0, Instant.now());
    }
}
