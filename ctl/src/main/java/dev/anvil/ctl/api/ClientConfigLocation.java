package dev.anvil.ctl.api;

import dev.anvil.ctl.OutputFiles;
import dev.anvil.ctl.cluster.AnvilHome;
import dev.anvil.machinery.client.ClientConfig;
import dev.anvil.machinery.client.ClientConfigFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the client config is (DESIGN "Paths"), a global flag: the {@code --anvilconfig} (or {@code --talosconfig}) flag, else
 * {@code $ANVILCONFIG}, else {@code $TALOSCONFIG}, else {@code $ANVIL_HOME/config}. A picocli mixin of {@link GlobalOptions}.
 */
public final class ClientConfigLocation {

    @Option(names = {"--anvilconfig", "--talosconfig"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Client config file (default: $ANVILCONFIG, $TALOSCONFIG or $ANVIL_HOME/config).")
    Path file;

    public Path path() {
        return resolve(file, System::getenv, AnvilHome.get());
    }

    /** The lookup order, apart from where the environment comes from. */
    static Path resolve(Path flag, UnaryOperator<String> environment, Path anvilHome) {
        if (flag != null) {
            return flag;
        }
        for (String variable : new String[] {"ANVILCONFIG", "TALOSCONFIG"}) {
            String value = environment.apply(variable);
            if (value != null && !value.isEmpty()) {
                return Path.of(value);
            }
        }
        return anvilHome.resolve("config");
    }

    /** The config, or an empty one when the file does not exist yet. */
    public ClientConfig loadOrEmpty() throws IOException {
        Path path = path();
        return Files.exists(path) ? parse(path) : ClientConfig.empty();
    }

    public ClientConfig load() throws IOException {
        Path path = path();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no client config at " + path
                    + " (anvilctl gen config writes one; anvilctl config merge adds it)");
        }
        return parse(path);
    }

    public void save(ClientConfig config) throws IOException {
        OutputFiles.write(path(), ClientConfigFile.encode(config), true);
    }

    private static ClientConfig parse(Path path) throws IOException {
        try {
            return ClientConfigFile.parse(Files.readString(path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }
}
