package dev.anvil.machined.config;

import dev.anvil.machinery.config.ConfigBundle;
import dev.anvil.machinery.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RebootReasonsTest {
    private static final ConfigBundle WORKER = load(ModeApplierTest.WORKER);

    private static ConfigBundle load(String text) {
        return ConfigLoader.load(text, false).config();
    }

    private static ConfigBundle patched(String patch) {
        return load(ModeApplierTest.patch(patch));
    }

    @Test
    void sectionsTheControllersFollow_areLive() {
        assertThat(RebootReasons.of(WORKER, patched("""
                machine:
                  network:
                    hostname: two
                    nameservers: [10.0.0.53]
                  sysctls:
                    net.ipv4.ip_forward: "1"
                  sysfs:
                    kernel/mm/ksm/run: "1"
                  time:
                    servers: [time.example.com]
                """))).isEmpty();
        assertThat(RebootReasons.of(WORKER, patched("""
                apiVersion: v1alpha1
                kind: HostnameConfig
                hostname: three
                """))).isEmpty();
    }

    @Test
    void everythingElse_needsAReboot() {
        assertThat(RebootReasons.of(WORKER, patched("""
                machine:
                  network:
                    hostname: two
                  env:
                    http_proxy: http://proxy:3128
                cluster:
                  clusterName: other
                """))).containsExactly("v1alpha1: machine.env.http_proxy changed",
                "v1alpha1: cluster.clusterName changed");
        assertThat(RebootReasons.of(WORKER, patched("""
                apiVersion: v1alpha1
                kind: EnvironmentConfig
                variables:
                  http_proxy: http://proxy:3128
                """))).containsExactly("EnvironmentConfig changed");
    }
}
