package dev.anvil.machined.controllers.network;

import dev.anvil.machined.controllers.RuntimeHarness;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.resources.network.ConfigLayer;
import dev.anvil.machinery.resources.network.HostnameSpec;
import dev.anvil.machinery.resources.network.HostnameStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostname from the launcher and the config, through the layers and the merge, to the kernel and the status. */
class HostnameControllersTest {
    /** A UTS namespace in memory that records every change. */
    static final class FakeUts implements HostnameSpecController.Uts {
        volatile String hostname = "platform";
        volatile String domainname = "";
        final List<String> sets = new ArrayList<>();

        @Override
        public String hostname() {
            return hostname;
        }

        @Override
        public String domainname() {
            return domainname;
        }

        @Override
        public synchronized void set(String hostname, String domainname) {
            this.hostname = hostname;
            this.domainname = domainname;
            sets.add(hostname + "|" + domainname);
        }
    }

    private final FakeUts uts = new FakeUts();
    private final RuntimeHarness node = new RuntimeHarness(new HostnameConfigController("platform"),
            Merges.hostname(), new HostnameSpecController(uts));

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void noConfig_thePlatformNameIsTheHostname_andNothingIsSetAgain() {
        node.awaitSpec(HostnameSpec.KIND.pointer("hostname"), new HostnameSpec("platform", "", ConfigLayer.PLATFORM));
        node.awaitSpec(HostnameStatus.KIND.pointer("hostname"), new HostnameStatus("platform", ""));
        assertThat(uts.sets).isEmpty();
    }

    @Test
    void configChanges_flowToTheKernelAndTheStatus_withoutRestart() {
        node.config("version: v1alpha1\nmachine:\n  network:\n    hostname: web-1.example.org\n");
        node.awaitSpec(HostnameStatus.KIND.pointer("hostname"), new HostnameStatus("web-1", "example.org"));
        assertThat(node.find(HostnameSpec.CONFIG_KIND.pointer("configuration/hostname"), HostnameSpec.class))
                .contains(new HostnameSpec("web-1", "example.org", ConfigLayer.CONFIGURATION));
        assertThat(uts.hostname).isEqualTo("web-1");
        assertThat(uts.domainname).isEqualTo("example.org");

        // a HostnameConfig document wins over the v1alpha1 field
        node.config("version: v1alpha1\nmachine:\n  network:\n    hostname: web-1.example.org\n---\n"
                + "apiVersion: v1alpha1\nkind: HostnameConfig\nhostname: web-2\n");
        node.awaitSpec(HostnameStatus.KIND.pointer("hostname"), new HostnameStatus("web-2", ""));
        assertThat(uts.hostname).isEqualTo("web-2");

        // without a configured name the platform layer is back
        node.config("version: v1alpha1\nmachine: {}\n");
        node.awaitSpec(HostnameStatus.KIND.pointer("hostname"), new HostnameStatus("platform", ""));
        node.awaitAbsent(HostnameSpec.CONFIG_KIND.pointer("configuration/hostname"));
        assertThat(uts.sets).containsExactly("web-1|example.org", "web-2|", "platform|");
    }

    @Test
    void invalidName_isLeftOut() {
        var config = ConfigLoader.load("version: v1alpha1\nmachine:\n  network:\n    hostname: " + "x".repeat(70)
                + "\n", false).config();
        assertThat(HostnameConfigController.specs("platform", Optional.of(config)))
                .containsExactly(new HostnameSpec("platform", "", ConfigLayer.PLATFORM));
        assertThat(HostnameConfigController.specs("", Optional.empty())).isEmpty();
    }

    @Test
    void merge_highestLayerWins() {
        assertThat(Merges.hostnames(List.of(new HostnameSpec("c", "", ConfigLayer.CONFIGURATION),
                new HostnameSpec("p", "", ConfigLayer.PLATFORM)))).containsEntry("hostname",
                new HostnameSpec("c", "", ConfigLayer.CONFIGURATION));
        assertThat(Merges.hostnames(List.of())).isEmpty();
    }
}
