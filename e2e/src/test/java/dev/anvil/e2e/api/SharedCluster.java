package dev.anvil.e2e.api;

import dev.anvil.ctl.Anvilctl;
import dev.anvil.ctl.cluster.ClusterState;
import dev.anvil.machinery.client.ClientConfig;
import dev.anvil.machinery.client.ClientConfigFile;
import dev.anvil.machinery.client.ClientContext;
import dev.anvil.machinery.pki.PemCodec;
import dev.anvil.machinery.secrets.SecretsBundle;
import dev.anvil.machinery.secrets.SecretsFile;
import dev.anvil.sys.Child;
import dev.anvil.sys.ProcessSpec;
import dev.anvil.sys.Spawner;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A configured local cluster made with {@code anvilctl cluster create} in a temporary ANVIL_HOME. One of two control
 * planes is shared by every API test of the run (a test class asks for it as a parameter; {@code @ExtendWith(
 * SharedCluster.Resolver.class)}) and destroyed when the run ends: tests must leave its nodes as they found them.
 * A test that reboots or resets nodes makes its own with {@link #create} and closes it.
 */
public final class SharedCluster implements AutoCloseable {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private final String name;
    private final Path home;
    private final ClusterState state;

    /** A cluster of its own: {@code prefix} (at most 4 letters) and the process id name it. */
    public static SharedCluster create(String prefix, String cidr, int controlPlanes) throws Exception {
        return create(prefix, cidr, controlPlanes, 0);
    }

    /** A cluster of its own with workers too. */
    public static SharedCluster create(String prefix, String cidr, int controlPlanes, int workers) throws Exception {
        return create(prefix, cidr, controlPlanes, workers, new String[0]);
    }

    /** A cluster of its own, created with more of cluster create's flags ({@code --config-patch}...). */
    public static SharedCluster create(String prefix, String cidr, int controlPlanes, int workers, String... flags)
            throws Exception {
        return new SharedCluster(prefix + (ProcessHandle.current().pid() % 10000), cidr, controlPlanes, workers,
                List.of(flags));
    }

    private SharedCluster(String name, String cidr, int controlPlanes, int workers, List<String> flags)
            throws Exception {
        this.name = name;
        home = Files.createTempDirectory("anvil-e2e-" + name);
        try {
            List<String> args = new java.util.ArrayList<>(List.of("cluster", "create", "--name", name,
                    "--controlplanes", Integer.toString(controlPlanes), "--workers", Integer.toString(workers),
                    "--cidr", cidr));
            args.addAll(flags);
            run(args.toArray(String[]::new));
            state = ClusterState.load(home.resolve("clusters").resolve(name));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
    }

    public String name() {
        return name;
    }

    public List<ClusterState.Node> nodes() {
        return state.nodes();
    }

    /** The cluster's directory: its secrets, configs and nodes. */
    public Path dir() {
        return home.resolve("clusters").resolve(name);
    }

    /** The cluster's ANVIL_HOME. */
    public Path home() {
        return home;
    }

    /** The client config the create merged the cluster's context into. */
    public Path clientConfig() {
        return home.resolve("config");
    }

    /** The admin context of the cluster's client config. */
    public ClientContext adminContext() throws IOException {
        return ClientConfigFile.parse(Files.readString(clientConfig())).withCurrent(name).current();
    }

    /**
     * A client config like the cluster's, whose certificate carries only {@code roles} (O= values), signed by the
     * cluster's OS CA from its secrets bundle; written once per role set into the run's home.
     */
    public Path clientConfigWithRoles(String... roles) throws IOException {
        Path file = home.resolve("config-" + String.join("+", roles).replace(':', '_'));
        if (!Files.exists(file)) {
            SecretsBundle secrets = SecretsFile.parse(Files.readString(
                    dir().resolve("secrets.yaml")));
            var issued = secrets.clientCertificate(List.of(roles), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    SecretsBundle.CLIENT_VALIDITY, new SecureRandom());
            ClientContext admin = adminContext();
            ClientContext limited = new ClientContext(admin.endpoints(), admin.nodes(), admin.ca(),
                    PemCodec.toBase64(issued.certificatePem()), PemCodec.toBase64(issued.keyPem()), admin.other());
            Files.writeString(file, ClientConfigFile.encode(new ClientConfig(name, Map.of(name, limited))));
        }
        return file;
    }

    /** Runs anvilctl in this JVM (quick: no JVM start), against the cluster's client config. */
    public Result anvilctl(String... args) {
        return anvilctlWith(clientConfig(), args);
    }

    /** Runs anvilctl in this JVM against another client config. */
    public Result anvilctlWith(Path config, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = anvilctl(config, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Starts anvilctl in this JVM on a thread of its own, for a command that runs until stopped (a follow); what it
     * prints can be read while it runs.
     */
    public Running start(String... args) {
        return new Running(args);
    }

    /** A command running on its own thread; {@link #stop} interrupts it, as Ctrl-C stops a follow. */
    public final class Running {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final Thread thread;
        private volatile int exitCode = -1;

        private Running(String... args) {
            List<String> all = new ArrayList<>(List.of("--anvilconfig", clientConfig().toString()));
            all.addAll(List.of(args));
            CommandLine cli = Anvilctl.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            thread = Thread.ofPlatform().name("anvilctl " + String.join(" ", args))
                    .start(() -> exitCode = cli.execute(all.toArray(String[]::new)));
        }

        /** What it printed to stdout so far. */
        public String out() {
            return out.toString();
        }

        public boolean isRunning() {
            return thread.isAlive();
        }

        /** Interrupts the command and waits for it to return; fails if it does not within the timeout. */
        public Result stop(Duration timeout) throws InterruptedException {
            thread.interrupt();
            if (!thread.join(timeout)) {
                throw new AssertionError("anvilctl did not return within " + timeout + " of being interrupted");
            }
            return new Result(exitCode, out.toString(), err.toString());
        }
    }

    /**
     * Runs anvilctl in this JVM, printing into the given writers as it goes (for commands that run until their
     * thread is interrupted, such as a watch); returns the exit code.
     */
    public int anvilctl(Path config, PrintWriter out, PrintWriter err, String... args) {
        List<String> all = new ArrayList<>(List.of("--anvilconfig", config.toString()));
        all.addAll(List.of(args));
        CommandLine cli = Anvilctl.commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(all.toArray(String[]::new));
    }

    /** Runs bin/anvilctl as a user does, with the cluster's ANVIL_HOME; fails unless it succeeds. */
    public String run(String... args) throws Exception {
        Result result = runWith(Map.of(), args);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("anvilctl " + String.join(" ", args) + " failed:\n" + result.out());
        }
        return result.out();
    }

    /**
     * Runs bin/anvilctl as a user does, with the cluster's ANVIL_HOME and {@code env} added to its environment (for
     * what anvilctl reads from it, such as EDITOR); what it printed, stdout and stderr together, is the result's out.
     */
    public Result runWith(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("ANVIL_HOME", home.toString(),
                "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "JAVA_HOME", System.getProperty("java.home")));
        all.putAll(env);
        Child child = Spawner.spawn(new ProcessSpec(ROOT.resolve("bin/anvilctl").toString(), List.of(args), all,
                ProcessSpec.Output.CAPTURE, true));
        String output = new String(child.output().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(child.exit().get(3, TimeUnit.MINUTES).success() ? 0 : 1, output, "");
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(home.resolve("clusters").resolve(name).resolve(ClusterState.FILE))) {
                run("cluster", "destroy", "--name", name);
            }
        } finally {
            deleteTree(home);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Hands the one cluster of the run to test classes and constructors, and closes it when the run ends. */
    public static final class Resolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SharedCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(Handle.class, key -> new Handle(), Handle.class).cluster();
        }
    }

    /** The store's entry: it closes the cluster with the run. */
    private static final class Handle implements AutoCloseable {
        private final SharedCluster cluster;

        Handle() {
            try {
                cluster = create("api", "10.213.12.0/24", 2);
            } catch (Exception e) {
                throw new IllegalStateException("the shared cluster did not come up: " + e.getMessage(), e);
            }
        }

        SharedCluster cluster() {
            return cluster;
        }

        @Override
        public void close() throws Exception {
            cluster.close();
        }
    }
}
