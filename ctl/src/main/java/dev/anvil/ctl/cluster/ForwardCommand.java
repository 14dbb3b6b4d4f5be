package dev.anvil.ctl.cluster;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * anvilctl cluster forward: the process a qemu cluster's create leaves running, forwarding 127.0.0.1 ports to the
 * nodes' APIs inside the cluster's network namespace until it is killed (by cluster destroy).
 */
@Command(name = "forward", hidden = true, description = "Forward ports on 127.0.0.1 to addresses in a network "
        + "namespace, until killed (started by cluster create --provisioner qemu).")
final class ForwardCommand implements Callable<Integer> {
    @Option(names = "--netns", required = true, description = "The namespace, as a pinned file (/run/netns/NAME).")
    Path netns;
    @Option(names = "--ports-file", required = true,
            description = "Where to write, once listening, each target's port on 127.0.0.1 (TARGET=PORT lines).")
    Path portsFile;
    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "IPv4:PORT inside the namespace.")
    List<String> targets;

    @Override
    public Integer call() throws Exception {
        List<InetSocketAddress> addresses = targets.stream().map(ForwardCommand::target).toList();
        try (ApiForwarder forwarder = ApiForwarder.start(netns, addresses)) {
            Properties ports = new Properties();
            forwarder.ports().forEach((target, port) -> ports.setProperty(
                    target.getAddress().getHostAddress() + ":" + target.getPort(), Integer.toString(port)));
            Path temp = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(temp)) {
                ports.store(out, "127.0.0.1 ports of the forwards");
            }
            Files.move(temp, portsFile, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(Long.MAX_VALUE);
        }
        return 0;
    }

    private static InetSocketAddress target(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("target " + text + ": write it as IPv4:PORT");
        }
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }
}
