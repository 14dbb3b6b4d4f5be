package dev.anvil.ctl.gen;

import dev.anvil.ctl.OutputFiles;
import dev.anvil.machinery.client.ClientConfig;
import dev.anvil.machinery.client.ClientConfigFile;
import dev.anvil.machinery.generate.ConfigGenerator;
import dev.anvil.machinery.generate.GenerateOptions;
import dev.anvil.machinery.secrets.SecretsBundle;
import dev.anvil.machinery.secrets.SecretsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** anvilctl gen: secrets bundles and machine configs, with talosctl's flags. */
@Command(name = "gen", description = "Generate secrets, machine configs and the client config.",
        subcommands = {GenCommand.Secrets.class, GenCommand.Config.class, UpgradeKeyCommand.class})
public final class GenCommand {

    private GenCommand() {
    }

    public static SecretsBundle newSecrets() {
        // whole seconds: certificates carry no finer time
        return SecretsBundle.generate(Instant.now().truncatedTo(ChronoUnit.SECONDS), new SecureRandom());
    }

    @Command(name = "secrets", description = "Generate a secrets bundle (CAs, tokens, keys) for a new cluster.")
    static final class Secrets implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = {"-o", "--output-file"}, defaultValue = "secrets.yaml",
                description = "Where to write the bundle (default: ${DEFAULT-VALUE}).")
        Path output;
        @Option(names = "--force", description = "Overwrite an existing file.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            OutputFiles.write(output, SecretsFile.encode(newSecrets()), force);
            spec.commandLine().getOut().println("created " + output);
            return 0;
        }
    }

    @Command(name = "config", description = "Generate controlplane.yaml, worker.yaml and the client config "
            + "for a cluster.")
    static final class Config implements Callable<Integer> {
        private static final Set<String> TYPES = Set.of("controlplane", "worker", "talosconfig", "anvilconfig");
        private static final Map<String, String> FILES = Map.of("controlplane", "controlplane.yaml", "worker",
                "worker.yaml", "talosconfig", "anvilconfig");

        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "Cluster name.")
        String name;
        @Parameters(index = "1", paramLabel = "ENDPOINT", description = "Kubernetes API endpoint, "
                + "e.g. https://10.5.0.10:6443.")
        String endpoint;
        @Option(names = "--with-secrets", paramLabel = "FILE", description = "Use this secrets bundle "
                + "(anvilctl gen secrets) instead of new secrets.")
        Path secrets;
        @Option(names = "--config-patch", paramLabel = "PATCH", description = "Patch for both configs, "
                + "inline or @file; repeatable.")
        List<String> patches = new ArrayList<>();
        @Option(names = "--config-patch-control-plane", paramLabel = "PATCH",
                description = "Patch for controlplane.yaml, inline or @file; repeatable.")
        List<String> controlPlanePatches = new ArrayList<>();
        @Option(names = "--config-patch-worker", paramLabel = "PATCH",
                description = "Patch for worker.yaml, inline or @file; repeatable.")
        List<String> workerPatches = new ArrayList<>();
        @Option(names = "--output-dir", defaultValue = ".", description = "Directory to write to "
                + "(default: current directory).")
        Path outputDir;
        @Option(names = {"-t", "--output-types"}, split = ",", defaultValue = "controlplane,worker,talosconfig",
                description = "Files to write: controlplane, worker, talosconfig (alias anvilconfig) "
                        + "(default: ${DEFAULT-VALUE}).")
        List<String> outputTypes;
        @Option(names = "--kubernetes-version", defaultValue = GenerateOptions.DEFAULT_KUBERNETES_VERSION,
                description = "Kubernetes version (default: ${DEFAULT-VALUE}).")
        String kubernetesVersion;
        @Option(names = "--install-disk", defaultValue = GenerateOptions.DEFAULT_INSTALL_DISK,
                description = "Disk to install to (default: ${DEFAULT-VALUE}).")
        String installDisk;
        @Option(names = "--install-image", defaultValue = GenerateOptions.DEFAULT_INSTALL_IMAGE,
                description = "Installer image (default: ${DEFAULT-VALUE}).")
        String installImage;
        @Option(names = "--additional-sans", split = ",", paramLabel = "SAN",
                description = "Extra names and addresses for the API server and node certificates.")
        List<String> additionalSans = new ArrayList<>();
        @Option(names = "--dns-domain", defaultValue = GenerateOptions.DEFAULT_DNS_DOMAIN,
                description = "Kubernetes DNS domain (default: ${DEFAULT-VALUE}).")
        String dnsDomain;
        @Option(names = "--force", description = "Overwrite existing files.")
        boolean force;

        @Override
        public Integer call() throws IOException {
            Set<String> types = new LinkedHashSet<>();
            for (String type : outputTypes) {
                if (!TYPES.contains(type)) {
                    throw new IllegalArgumentException("unknown output type " + type
                            + " (known: controlplane, worker, talosconfig)");
                }
                types.add(type.equals("anvilconfig") ? "talosconfig" : type);
            }
            if (!force) {
                // all or nothing: refuse before writing anything, not after the first file
                for (String type : types) {
                    Path path = outputDir.resolve(FILES.get(type));
                    if (Files.exists(path)) {
                        throw new IllegalArgumentException(path + " already exists (use --force to overwrite it)");
                    }
                }
            }
            SecretsBundle bundle = secrets == null ? newSecrets() : SecretsFile.parse(PatchArguments.read(secrets, "--with-secrets"));
            var options = new GenerateOptions(name, endpoint, kubernetesVersion, installDisk, installImage,
                    additionalSans, dnsDomain, PatchArguments.texts(patches), PatchArguments.texts(controlPlanePatches),
                    PatchArguments.texts(workerPatches));
            var configs = ConfigGenerator.generate(bundle, options);
            if (types.contains("controlplane")) {
                write(FILES.get("controlplane"), configs.controlPlane());
            }
            if (types.contains("worker")) {
                write(FILES.get("worker"), configs.worker());
            }
            if (types.contains("talosconfig")) {
                var client = ClientConfig.forCluster(bundle, name, List.of(),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS), new SecureRandom());
                write(FILES.get("talosconfig"), ClientConfigFile.encode(client));
            }
            return 0;
        }

        private void write(String file, String text) throws IOException {
            Path path = outputDir.resolve(file);
            OutputFiles.write(path, text, force);
            spec.commandLine().getOut().println("created " + path);
        }
    }
}
