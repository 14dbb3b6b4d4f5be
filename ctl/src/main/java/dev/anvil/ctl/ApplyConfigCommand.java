package dev.anvil.ctl;

import dev.anvil.api.machine.ApplyConfiguration;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.gen.PatchArguments;
import dev.anvil.machinery.config.tool.ConfigTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * anvilctl apply-config: send a machine config to nodes, as talosctl does. {@code --insecure} reaches a node in
 * maintenance mode, which has no certificate a client could verify: {@code --cert-fingerprint} pins the one its log
 * shows. Patches are applied here, before the config leaves.
 */
@Command(name = "apply-config", aliases = "apply", description = "Apply a machine config to the nodes.")
final class ApplyConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The machine config.")
    Path file;
    @Option(names = {"-p", "--config-patch"}, paramLabel = "PATCH",
            description = "Patch to apply first, inline or @file; repeatable.")
    List<String> patches = new ArrayList<>();
    @Option(names = {"-i", "--insecure"}, description = "Apply to a node in maintenance mode (no client "
            + "certificate; the node's certificate is not verified unless --cert-fingerprint is given).")
    boolean insecure;
    @Option(names = "--cert-fingerprint", paramLabel = "SHA256",
            description = "With --insecure: the node's certificate fingerprint, as its log shows it.")
    String fingerprint;
    @Mixin
    ApplyRequests apply;

    @Override
    public Integer call() throws Exception {
        apply.check();
        if (fingerprint != null && !insecure) {
            throw new IllegalArgumentException("--cert-fingerprint goes with --insecure");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no file " + file);
        }
        String config = Files.readString(file);
        if (!patches.isEmpty()) {
            var patched = ConfigTool.patch(config, PatchArguments.texts(patches));
            if (patched.exitCode() != 0) {
                throw new IllegalArgumentException("patching " + file + ": " + patched.stderr().strip());
            }
            config = patched.stdout();
        }
        var request = apply.request(config);
        GlobalOptions global = GlobalOptions.of(spec);
        try (ApiSession api = insecure ? global.openInsecure(fingerprint) : global.open()) {
            var response = api.machine().applyConfiguration(request);
            // one node (or none: the endpoint) is the node of each reply; several nodes tag their replies
            Function<ApplyConfiguration, String> targetOf =
                    api.nodes().size() <= 1 ? reply -> api.nodes().isEmpty() ? null : api.nodes().getFirst()
                            : api::nodeOf;
            return ApplyRequests.printAndConfirm(spec, api, request, response, targetOf, global::open) == 0 ? 0 : 1;
        }
    }
}
