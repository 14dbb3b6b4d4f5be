package dev.anvil.machined.resources;

import dev.anvil.cosi.state.inmem.InMemoryState;
import dev.anvil.machined.services.HealthCheck;
import dev.anvil.machined.services.ServiceSpec;
import dev.anvil.machined.services.Supervisor;
import dev.anvil.machinery.resources.runtime.ServiceResource;
import dev.anvil.sys.ProcessSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ServicePublisherTest {

    @Test
    void serviceResources_followTheSupervisor() throws Exception {
        InMemoryState state = new InMemoryState();
        try (Supervisor supervisor = new Supervisor(Optional.empty(), "unused")) {
            supervisor.onChange(new ServicePublisher(state));
            supervisor.register(ServiceSpec.of("sleeper", ProcessSpec.of("/bin/sleep", "30"))
                    .withHealth(new HealthCheck(() -> { }, Duration.ofMillis(50))));
            supervisor.start("sleeper");
            await().atMost(5, TimeUnit.SECONDS).until(() -> state.list(ServiceResource.KIND).size() == 1
                    && state.get(ServiceResource.pointer("sleeper")).spec().equals(
                    new ServiceResource(true, true, false)));
            assertThat(state.get(ServiceResource.pointer("sleeper")).metadata().owner())
                    .isEqualTo(ServicePublisher.OWNER);

            supervisor.stop("sleeper");
            assertThat(state.get(ServiceResource.pointer("sleeper")).spec())
                    .isEqualTo(new ServiceResource(false, false, false));
        }
    }
}
