package dev.anvil.ctl.config;

import dev.anvil.ctl.api.ClientConfigLocation;
import dev.anvil.api.machine.GenerateClientConfigurationRequest;
import dev.anvil.cosi.resource.codec.GoTime;
import dev.anvil.ctl.OutputFiles;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.machinery.client.ClientConfig;
import dev.anvil.machinery.client.ClientConfigFile;
import dev.anvil.machinery.client.ClientContext;
import dev.anvil.machinery.pki.Names;
import dev.anvil.machinery.pki.PemCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** anvilctl config: the client config's contexts, as talosctl config. */
@Command(name = "config", description = "Manage the client config (contexts, endpoints, nodes).",
        subcommands = {ConfigCommand.Contexts.class, ConfigCommand.New.class, ConfigCommand.Context.class, ConfigCommand.Endpoint.class,
            ConfigCommand.Node.class, ConfigCommand.Add.class, ConfigCommand.Merge.class, ConfigCommand.Info.class})
public final class ConfigCommand {

    private ConfigCommand() {
    }

    private static ClientConfigLocation location(CommandSpec spec) {
        return GlobalOptions.of(spec).configLocation();
    }

    @Command(name = "contexts", description = "List the defined contexts.")
    static final class Contexts implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ClientConfig config = location(spec).load();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-8s %-20s %-30s %s%n", "CURRENT", "NAME", "ENDPOINTS", "NODES");
            config.contexts().forEach((name, context) -> out.printf("%-8s %-20s %-30s %s%n",
                    name.equals(config.context()) ? "*" : "", name, String.join(",", context.endpoints()),
                    String.join(",", context.nodes())));
            return 0;
        }
    }

    @Command(name = "context", description = "Switch the current context.")
    static final class Context implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            location(spec).save(location(spec).load().withCurrent(name));
            return 0;
        }
    }

    @Command(name = "endpoint", aliases = "endpoints", description = "Set the endpoints of the current context.")
    static final class Endpoint implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ENDPOINT", arity = "0..*", description = "Addresses of the nodes' API.")
        List<String> endpoints = List.of();

        @Override
        public Integer call() throws IOException {
            ClientConfig config = location(spec).load();
            location(spec).save(config.withCurrentContext(config.current().withEndpoints(endpoints)));
            return 0;
        }
    }

    @Command(name = "node", aliases = "nodes", description = "Set the default nodes of the current context.")
    static final class Node implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NODE", arity = "0..*", description = "Nodes commands act on by default.")
        List<String> nodes = List.of();

        @Override
        public Integer call() throws IOException {
            ClientConfig config = location(spec).load();
            location(spec).save(config.withCurrentContext(config.current().withNodes(nodes)));
            return 0;
        }
    }

    @Command(name = "add", description = "Add a context from CA, certificate and key files, and switch to it.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--ca", required = true, paramLabel = "FILE", description = "CA certificate (PEM).")
        Path ca;
        @Option(names = "--crt", required = true, paramLabel = "FILE", description = "Client certificate (PEM).")
        Path crt;
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Client key (PEM).")
        Path key;

        @Override
        public Integer call() throws IOException {
            ClientConfig config = location(spec).loadOrEmpty();
            if (config.contexts().containsKey(name)) {
                throw new IllegalArgumentException("context \"" + name + "\" already exists");
            }
            String crtPem = pem(crt);
            PemCodec.parseCertificate(crtPem);
            PemCodec.parsePrivateKey(pem(key));
            var context = new ClientContext(List.of(), List.of(), base64(pem(ca)), base64(crtPem), base64(pem(key)),
                    Map.of());
            location(spec).save(config.with(name, context).withCurrent(name));
            return 0;
        }

        private static String pem(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no file " + file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        }

        private static String base64(String pem) {
            return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Command(name = "merge", description = "Merge the contexts of another client config (e.g. a new cluster's "
            + "anvilconfig or talosconfig) and switch to its current one.")
    static final class Merge implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "FILE")
        Path from;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(from)) {
                throw new IllegalArgumentException("no file " + from);
            }
            ClientConfig other;
            try {
                other = ClientConfigFile.parse(Files.readString(from));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(from + ": " + e.getMessage(), e);
            }
            var merge = location(spec).loadOrEmpty().merge(other);
            location(spec).save(merge.config());
            merge.renames().forEach(r -> spec.commandLine().getOut().println("renamed context " + r));
            return 0;
        }
    }

    @Command(name = "new", description = "Have a control plane issue a client config with the given roles "
            + "(GenerateClientConfiguration) and write it to a file.")
    static final class New implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "PATH", arity = "0..1", defaultValue = "talosconfig",
                description = "Where to write it (default: ${DEFAULT-VALUE}).")
        Path path;
        @Option(names = "--roles", split = ",", defaultValue = "os:admin",
                description = "Roles of the client certificate (default: ${DEFAULT-VALUE}).")
        List<String> roles;
        @Option(names = "--crt-ttl", defaultValue = "87600h",
                description = "How long the certificate is valid (default: ${DEFAULT-VALUE}).")
        String ttl;
        @Option(names = "--force", description = "Overwrite an existing file.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            Duration validity = GoTime.parseDuration(ttl);
            if (Files.exists(path) && !force) {
                throw new IllegalArgumentException(path + " already exists (use --force to overwrite it)");
            }
            try (ApiSession api = GlobalOptions.of(spec).open()) {
                var request = GenerateClientConfigurationRequest.newBuilder().addAllRoles(roles)
                        .setCrtTtl(com.google.protobuf.Duration.newBuilder().setSeconds(validity.getSeconds())
                                .setNanos(validity.getNano()));
                var reply = api.machine().generateClientConfiguration(request.build()).getMessages(0);
                String error = ApiSession.errorOf(reply);
                if (!error.isEmpty()) {
                    throw new IllegalStateException(api.nodeOf(reply) + ": " + error);
                }
                OutputFiles.write(path, reply.getTalosconfig().toStringUtf8(), force);
            }
            spec.commandLine().getOut().println("wrote " + path);
            return 0;
        }
    }

    @Command(name = "info", description = "Show the current context, its targets, roles and certificate expiry.")
    static final class Info implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ClientConfig config = location(spec).load();
            ClientContext context = config.current();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Current context:     %s%n", config.context());
            out.printf("Nodes:               %s%n", list(context.nodes()));
            out.printf("Endpoints:           %s%n", list(context.endpoints()));
            if (context.crt().isEmpty()) {
                out.printf("Certificate:         none%n");
                return 0;
            }
            var certificate = context.certificate();
            out.printf("Roles:               %s%n", list(Names.organizations(certificate.getSubjectX500Principal())));
            Instant expires = certificate.getNotAfter().toInstant();
            Duration left = Duration.between(Instant.now(), expires);
            out.printf("Certificate expires: %s (%s)%n", expires, left.isNegative() ? "expired"
                    : "in " + left.toDays() + " days");
            return 0;
        }

        private static String list(List<String> values) {
            return values.isEmpty() ? "not defined" : String.join(", ", values);
        }
    }
}
