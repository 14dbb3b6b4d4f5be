package dev.anvil.ctl;

import dev.anvil.api.common.ContainerDriver;
import dev.anvil.api.machine.LogsRequest;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.api.GlobalOptions;
import dev.anvil.ctl.api.InsecureOptions;
import dev.anvil.ctl.api.NodeErrors;
import dev.anvil.ctl.api.ServerStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * anvilctl logs: a service's output, each line as talosctl prints it, {@code NODE: LINE}. With {@code --follow} it
 * goes on until interrupted (Ctrl-C); else it ends when the node has sent what it keeps.
 */
@Command(name = "logs", description = "Retrieve logs for a service.")
final class LogsCommand implements Callable<Integer> {
    /** talosctl's names for the containerd namespaces of the node's own services and of Kubernetes' pods. */
    static final String SYSTEM_NAMESPACE = "system";
    static final String KUBERNETES_NAMESPACE = "k8s.io";

    @Spec
    CommandSpec spec;
    @Mixin
    InsecureOptions insecure;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service (or with -k the container) ID.")
    String id;
    @Option(names = {"-f", "--follow"}, description = "Stream the logs as they grow.")
    boolean follow;
    @Option(names = "--tail", paramLabel = "LINES", defaultValue = "-1",
            description = "Lines of the log to show (default: all the node keeps).")
    int tail;
    @Option(names = {"-k", "--kubernetes"}, description = "Use the k8s.io containerd namespace (Kubernetes pods).")
    boolean kubernetes;
    @Option(names = "--use-cri", hidden = true, description = "Accepted as talosctl does, with no effect.")
    boolean useCri;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        LogsRequest request = LogsRequest.newBuilder()
                .setNamespace(kubernetes ? KUBERNETES_NAMESPACE : SYSTEM_NAMESPACE)
                .setDriver(kubernetes ? ContainerDriver.CRI : ContainerDriver.CONTAINERD)
                .setId(id).setFollow(follow).setTailLines(tail).build();
        LogLines lines = new LogLines();
        try (ApiSession api = insecure.open(GlobalOptions.of(spec))) {
            NodeErrors errors = new NodeErrors(api, spec.commandLine().getErr());
            try {
                ServerStream.forEach(api.machine().logs(request), data -> {
                    if (!errors.reported(data)) {
                        print(out, lines.add(api.nodeOf(data), data.getBytes()));
                    }
                });
            } finally {
                print(out, lines.rest());
            }
            return errors.exitCode();
        }
    }

    private static void print(PrintWriter out, List<String> lines) {
        lines.forEach(out::println);
        out.flush();
    }
}
