package dev.anvil.ctl.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigLocationTest {

    private static final Path HOME = Path.of("/home/u/.anvil");

    @Test
    void flagWins_thenAnvilconfig_thenTalosconfig_thenAnvilHome() {
        var both = Map.of("ANVILCONFIG", "/a", "TALOSCONFIG", "/t");

        assertThat(ClientConfigLocation.resolve(Path.of("/f"), both::get, HOME)).isEqualTo(Path.of("/f"));
        assertThat(ClientConfigLocation.resolve(null, both::get, HOME)).isEqualTo(Path.of("/a"));
        assertThat(ClientConfigLocation.resolve(null, Map.of("TALOSCONFIG", "/t")::get, HOME))
                .isEqualTo(Path.of("/t"));
        assertThat(ClientConfigLocation.resolve(null, Map.of("ANVILCONFIG", "")::get, HOME))
                .isEqualTo(HOME.resolve("config"));
    }
}
