package dev.anvil.machined.pid1;

import dev.anvil.machined.Main;
import dev.anvil.machined.controllers.network.CmdlineNetworking;
import dev.anvil.machined.controllers.network.KernelCmdline;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.kernel.ModuleIndex;
import dev.anvil.sys.Mounts;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The image's AOT training run (the imager runs it in a chroot of the initramfs, in new mount, network and PID
 * namespaces, with {@code -XX:AOTCacheOutput}): what init does without touching the machine. It mounts /proc, /sys
 * and tmpfs places through FFM, reads the module index and the devices' modaliases, parses a command line, then boots
 * machined as a container-mode node without a config (maintenance mode: controllers, netlink, the API's keys and
 * TLS server), opens one TLS connection to the API and exits, at which the JVM writes the cache.
 */
public final class ImageTraining {
    private ImageTraining() {
    }

    public static void main(String[] args) throws Exception {
        Mounts.mount("proc", "/proc", "proc", 0, null);
        Mounts.mount("sysfs", "/sys", "sysfs", 0, null);
        for (String dir : List.of("/run", "/tmp", "/var", "/system", "/etc")) {
            Mounts.mount("tmpfs", dir, "tmpfs", 0, null);
        }
        Files.createDirectories(Path.of("/system/state"));
        try (Stream<Path> releases = Files.list(Path.of("/lib/modules"))) {
            for (Path modules : releases.toList()) {
                ModuleIndex index = ModuleIndex.read(modules);
                for (String alias : ModaliasLoader.modaliases(Path.of("/sys/bus"))) {
                    index.matching(alias);
                }
                Pid1.BOOT_MODULES.forEach(index::loadOrder);
            }
        }
        CmdlineNetworking.parse(KernelCmdline.parse(
                "console=ttyS0 ip=10.213.40.15::10.213.40.2:255.255.255.0:anvil:eth0:off -- @/app/machined.args"));
        Thread node = Thread.ofPlatform().daemon().name("training-node").start(() -> {
            try {
                Main.main(new String[0]);
            } catch (Exception e) {
                Log.error("the training node failed", e);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && node.isAlive()) {
            try (SSLSocket socket = (SSLSocket) trustingAll().getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 50000), 1000);
                socket.setSoTimeout(5000);
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                socket.setSSLParameters(withAlpn(socket));
                socket.startHandshake();
                Log.info("training: TLS handshake with the maintenance API done");
                break;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        System.exit(0);
    }

    private static javax.net.ssl.SSLParameters withAlpn(SSLSocket socket) {
        var parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        return parameters;
    }

    /** The training client checks nothing: it only needs the server's handshake to run. */
    private static SSLContext trustingAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }
}
