package dev.anvil.sys;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Host name, network parameters and mounts changed for real, inside namespaces that only one test thread enters
 * (unshare moves just the calling thread), so the host is never touched.
 */
class ThreadNamespacesTest {

    @Test
    void hostname_setInItsOwnUtsNamespace_leavesTheHostAlone() throws Exception {
        String host = Hostname.get();
        String seen = inNamespace(Namespaces.CLONE_NEWUTS, () -> {
            Hostname.set("anvil-test-node");
            Hostname.setDomain("anvil.test");
            return Hostname.get();
        });
        assertThat(seen).isEqualTo("anvil-test-node");
        assertThat(Hostname.get()).isEqualTo(host);
    }

    @Test
    void enter_joinsAnotherThreadsNamespace() throws Exception {
        CountDownLatch named = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> tid = new AtomicReference<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            Namespaces.unshare(Namespaces.CLONE_NEWUTS);
            Hostname.set("owner-ns");
            try {
                tid.set(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
                named.countDown();
                done.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            named.await();
            String seen = inNamespace(0, () -> {
                Namespaces.enter("/proc/" + ProcessHandle.current().pid() + "/task/" + tid.get() + "/ns/uts",
                        Namespaces.CLONE_NEWUTS);
                return Hostname.get();
            });
            assertThat(seen).isEqualTo("owner-ns");
        } finally {
            done.countDown();
            owner.join();
        }
        assertThatThrownBy(() -> Namespaces.enter("/proc/no-such/ns/net", Namespaces.CLONE_NEWNET))
                .hasMessageContaining("/proc/no-such/ns/net");
    }

    @Test
    void hostname_tooLong_isRefusedWithItsLimit() {
        assertThatThrownBy(() -> Hostname.set("x".repeat(65))).hasMessageContaining("longer than 64 bytes");
    }

    @Test
    void sysctl_inItsOwnNetworkNamespace_leavesTheHostAlone() throws Exception {
        Sysctl sysctl = new Sysctl();
        String hostValue = sysctl.read("net.ipv4.ip_forward").orElseThrow();
        String flipped = hostValue.equals("1") ? "0" : "1";
        String seen = inNamespace(Namespaces.CLONE_NEWNET, () -> {
            sysctl.write("net.ipv4.ip_forward", flipped);
            return sysctl.read("net.ipv4.ip_forward").orElseThrow();
        });
        assertThat(seen).isEqualTo(flipped);
        assertThat(sysctl.read("net.ipv4.ip_forward")).contains(hostValue);
        assertThat(sysctl.read("net.ipv4.no_such_parameter")).isEmpty();
        assertThat(sysctl.path("net.ipv4.conf.eth0/1.forwarding").toString())
                .isEqualTo("/proc/sys/net/ipv4/conf/eth0.1/forwarding");
        assertThatThrownBy(() -> sysctl.path("../etc")).hasMessageContaining("not a kernel parameter name");
    }

    @Test
    void mount_inItsOwnMountNamespace_isInvisibleToTheHost() throws Exception {
        Path dir = Files.createTempDirectory("anvil-mount");
        try {
            String mounts = inNamespace(Namespaces.CLONE_NEWNS, () -> {
                Mounts.makeRecursivelyPrivate("/");
                Mounts.mount("tmpfs", dir.toString(), "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, "size=1m,mode=0755");
                Files.writeString(dir.resolve("written-inside"), "x");
                String table = Files.readString(Path.of("/proc/thread-self/mounts"));
                Mounts.unmount(dir.toString(), Mounts.MNT_DETACH);
                return table;
            });
            assertThat(mounts).contains(dir + " tmpfs rw,nosuid,nodev");
            assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(dir.toString());
            try (var listing = Files.list(dir)) {
                assertThat(listing).isEmpty();
            }
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void mount_ofMissingTarget_namesIt() {
        assertThatThrownBy(() -> Mounts.mount("tmpfs", "/no/such/dir", "tmpfs", 0, null))
                .isInstanceOfSatisfying(SyscallException.class, e -> {
                    assertThat(e.errno()).isEqualTo(SyscallException.ENOENT);
                    assertThat(e.getMessage()).contains("mount(tmpfs -> /no/such/dir type tmpfs)");
                });
    }

    interface Action<T> {
        T run() throws Exception;
    }

    /** Runs the action on a fresh platform thread that first enters new namespaces; the thread then ends. */
    static <T> T inNamespace(int flags, Action<T> action) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                if (flags != 0) {
                    Namespaces.unshare(flags);
                }
                result.set(action.run());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
