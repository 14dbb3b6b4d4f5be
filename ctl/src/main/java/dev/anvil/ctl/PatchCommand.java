package dev.anvil.ctl;

import dev.anvil.ctl.gen.PatchArguments;
import dev.anvil.machinery.config.ConfigLoader;
import dev.anvil.machinery.config.diff.ConfigChanges;
import dev.anvil.machinery.config.tool.ConfigTool;
import dev.anvil.machinery.resources.runtime.MachineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * anvilctl patch machineconfig: patch each node's active config here and apply the result, as talosctl patch does.
 * A patch that changes nothing is not sent. (anvilctl machineconfig patch works on a file instead.)
 */
@Command(name = "patch", description = {"Patch the machine configuration of nodes with a local patch.",
        "Reads each node's current config, applies the patches (strategic merge or JSON patch) and applies the"
                + " result with the chosen mode."})
final class PatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    NodeConfigUpdates.Arguments arguments;
    @Option(names = {"-p", "--patch"}, paramLabel = "PATCH",
            description = "A patch, inline or @file; repeat to apply several in order.")
    List<String> patches = new ArrayList<>();
    @Option(names = "--patch-file", paramLabel = "FILE", description = "A file holding a patch (as -p @FILE).")
    Path patchFile;
    @Mixin
    ApplyRequests apply;

    @Override
    public Integer call() throws Exception {
        apply.check();
        List<String> given = new ArrayList<>(patches);
        if (patchFile != null) {
            given.add("@" + patchFile);
        }
        if (given.isEmpty()) {
            throw new IllegalArgumentException("either --patch or --patch-file should be defined");
        }
        List<String> texts = PatchArguments.texts(given);
        return NodeConfigUpdates.run(spec, arguments, apply, (target, current) -> {
            var patched = ConfigTool.patch(current, texts);
            if (patched.exitCode() != 0) {
                throw new IllegalArgumentException("patching the config of " + target.label() + ": "
                        + patched.stderr().strip());
            }
            if (ConfigChanges.between(ConfigLoader.load(current, false).config(),
                    ConfigLoader.load(patched.stdout(), false).config()).isEmpty()) {
                spec.commandLine().getErr().println("Apply was skipped: no changes detected.");
                return 0;
            }
            spec.commandLine().getErr().println("patched " + MachineConfig.TYPE + "/" + MachineConfig.ACTIVE.id()
                    + " at the node " + target.label());
            return target.apply(patched.stdout());
        });
    }
}
