package dev.anvil.ctl;

import com.google.protobuf.Empty;
import dev.anvil.api.machine.BootSlot;
import dev.anvil.api.machine.Version;
import dev.anvil.api.machine.VersionInfo;
import dev.anvil.api.machine.VersionResponse;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.machinery.version.BuildInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** anvilctl version: this client's build and each node's, as talosctl prints them. */
@Command(name = "version", description = "Print the client's version and the nodes' versions.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--client", description = "Print the client's version only.")
    boolean clientOnly;
    @Option(names = "--short", description = "Print the tags only.")
    boolean shortForm;
    @Option(names = {"-i", "--insecure"}, description = "Talk to a node in maintenance mode (no client certificate).")
    boolean insecure;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BuildInfo build = BuildInfo.load();
        out.println("Client:");
        if (shortForm) {
            out.println("\t" + build.tag());
        } else {
            print(out, VersionInfo.newBuilder().setTag(build.tag()).setSha(build.sha())
                    .setGoVersion("java" + Runtime.version())
                    .setOs(System.getProperty("os.name").toLowerCase(Locale.ROOT))
                    .setArch(System.getProperty("os.arch")).build());
        }
        if (clientOnly) {
            out.flush();
            return 0;
        }
        GlobalOptions global = GlobalOptions.of(spec);
        int failures = 0;
        try (ApiSession api = insecure ? global.openInsecure(null) : global.open()) {
            VersionResponse response = api.machine().version(Empty.getDefaultInstance());
            out.println("Server:");
            for (Version version : response.getMessagesList()) {
                String error = ApiSession.errorOf(version);
                if (!error.isEmpty()) {
                    spec.commandLine().getErr().println(api.nodeOf(version) + ": " + error);
                    failures++;
                    continue;
                }
                out.println("\tNODE:        " + api.nodeOf(version));
                if (shortForm) {
                    out.println("\t" + version.getVersion().getTag());
                    continue;
                }
                print(out, version.getVersion());
                if (version.hasFeatures() && version.getFeatures().getRbac()) {
                    out.println("\tEnabled:     RBAC");
                }
                for (BootSlot slot : version.getAnvilBootSlotsList()) {
                    List<String> roles = new ArrayList<>();
                    if (slot.getRunning()) {
                        roles.add("running");
                    }
                    if (slot.getDefault()) {
                        roles.add("default");
                    }
                    if (slot.getNext()) {
                        roles.add("next boot");
                    }
                    out.printf("\tSlot %s:      %s%s%s%n", slot.getLabel(),
                            !slot.getVersion().isEmpty() ? slot.getVersion() : roles.isEmpty() ? "(empty)"
                                    : "(built-in)",
                            roles.isEmpty() ? "" : " (" + String.join(", ", roles) + ")",
                            slot.getRolledBack().isEmpty() ? "" : "; rolled back from: " + slot.getRolledBack());
                }
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private static void print(PrintWriter out, VersionInfo info) {
        out.println("\tTag:         " + info.getTag());
        out.println("\tSHA:         " + info.getSha());
        out.println("\tBuilt:       " + info.getBuilt());
        out.println("\tGo version:  " + info.getGoVersion());
        out.println("\tOS/Arch:     " + info.getOs() + "/" + info.getArch());
    }
}
