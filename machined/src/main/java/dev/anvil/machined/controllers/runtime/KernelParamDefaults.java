package dev.anvil.machined.controllers.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel parameters a node sets unless its config says otherwise (the config's {@code machine.sysctls} and
 * SysctlConfig win for a key both set). They are Talos's defaults, each with where it comes from:
 *
 * <table>
 * <caption>Defaults by source</caption>
 * <tr><th>parameter</th><th>value</th><th>why</th></tr>
 * <tr><td>net.ipv4.ip_forward, net.ipv6.conf.default.forwarding</td><td>1</td><td>Kubernetes: pod traffic is
 * routed through the node</td></tr>
 * <tr><td>net.ipv6.conf.default.accept_ra</td><td>2</td><td>keep router advertisements while forwarding</td></tr>
 * <tr><td>net.ipv4.icmp_ignore_bogus_error_responses, icmp_echo_ignore_broadcasts</td><td>1</td><td>CIS Distribution
 * Independent Linux 3.3.5 and 3.3.4 (the broadcast smurf and bogus ICMP)</td></tr>
 * <tr><td>net.ipv4.conf.{all,default}.send_redirects</td><td>0</td><td>CIS 3.2.1: a node is no router for its
 * neighbours</td></tr>
 * <tr><td>net.ipv4.ip_local_reserved_ports</td><td>50000,50001</td><td>the API and trustd ports are never ephemeral
 * ports</td></tr>
 * <tr><td>net.ipv4.tcp_keepalive_time, tcp_keepalive_intvl</td><td>600, 60</td><td>kube-proxy's ipvs and
 * conntrack idle timeouts</td></tr>
 * <tr><td>kernel.panic</td><td>10</td><td>reboot ten seconds after a panic instead of hanging</td></tr>
 * <tr><td>kernel.pid_max, vm.overcommit_memory, fs.inotify.max_user_instances, fs.aio-max-nr</td><td>262144, 1,
 * 8192, 1048576</td><td>what kubelet and container workloads expect</td></tr>
 * <tr><td>net.bridge.bridge-nf-call-ip{,6}tables, kernel.ctrl-alt-del</td><td>1, 0</td><td>CNI bridges go through
 * netfilter; Ctrl-Alt-Del signals init (pid1 mode only)</td></tr>
 * <tr><td>KSPP (pid1 mode only): dev.tty.ldisc_autoload 0, dev.tty.legacy_tiocsti 0, fs.protected_symlinks 1,
 * fs.protected_hardlinks 1, fs.protected_fifos 2, fs.protected_regular 2, fs.suid_dumpable 0, kernel.kptr_restrict 2,
 * kernel.dmesg_restrict 1, kernel.perf_event_paranoid 3, kernel.randomize_va_space 2, kernel.yama.ptrace_scope 2
 * (3 would break pods with user namespaces), user.max_user_namespaces 0, kernel.unprivileged_bpf_disabled 1,
 * net.core.bpf_jit_harden 2, vm.unprivileged_userfaultfd 0</td><td></td><td>the Kernel Self Protection Project's
 * recommended settings (kspp.github.io/Recommended_Settings), as Talos enforces them</td></tr>
 * </table>
 *
 * <p>A container-mode node shares the host's kernel: it leaves out what only a booted node sets (bridge, Ctrl-Alt-Del
 * and KSPP, as Talos does in a container), and of the rest applies only {@code net.*} (its own network namespace),
 * reporting the others as skipped.
 */
public final class KernelParamDefaults {
    /** One default: the ID ({@code proc.sys.<key>}) and value. */
    public record Param(String id, String value) {
    }

    private static final List<Param> KSPP = sysctls(
            "dev.tty.ldisc_autoload", "0",
            "dev.tty.legacy_tiocsti", "0",
            "fs.protected_symlinks", "1",
            "fs.protected_hardlinks", "1",
            "fs.protected_fifos", "2",
            "fs.protected_regular", "2",
            "fs.suid_dumpable", "0",
            "kernel.kptr_restrict", "2",
            "kernel.dmesg_restrict", "1",
            "kernel.perf_event_paranoid", "3",
            "kernel.randomize_va_space", "2",
            "kernel.yama.ptrace_scope", "2",
            "user.max_user_namespaces", "0",
            "kernel.unprivileged_bpf_disabled", "1",
            "net.core.bpf_jit_harden", "2",
            "vm.unprivileged_userfaultfd", "0");

    private KernelParamDefaults() {
    }

    /** The IDs of the KSPP settings, which a config may override (with a warning). */
    static boolean kspp(String id) {
        return KSPP.stream().anyMatch(p -> p.id().equals(id));
    }

    /**
     * The defaults, in Talos's order.
     *
     * @param procSys the kernel's {@code /proc/sys}: the IPv6 defaults only where IPv6 is there
     */
    public static List<Param> of(boolean containerMode, Path procSys) {
        List<Param> params = new ArrayList<>(sysctls(
                "net.ipv4.ip_forward", "1",
                "net.ipv4.icmp_ignore_bogus_error_responses", "1",
                "net.ipv4.icmp_echo_ignore_broadcasts", "1",
                "net.ipv4.conf.all.send_redirects", "0",
                "net.ipv4.conf.default.send_redirects", "0",
                "net.ipv4.ip_local_reserved_ports", "50000,50001"));
        if (!containerMode) {
            params.addAll(sysctls(
                    "net.bridge.bridge-nf-call-iptables", "1",
                    "net.bridge.bridge-nf-call-ip6tables", "1",
                    "kernel.ctrl-alt-del", "0"));
        }
        if (Files.exists(procSys.resolve("net/ipv6/conf/default/accept_ra"))) {
            params.addAll(sysctls(
                    "net.ipv6.conf.default.forwarding", "1",
                    "net.ipv6.conf.default.accept_ra", "2"));
        }
        params.addAll(sysctls(
                "net.ipv4.tcp_keepalive_time", "600",
                "net.ipv4.tcp_keepalive_intvl", "60",
                "kernel.panic", "10",
                "kernel.pid_max", "262144",
                "vm.overcommit_memory", "1",
                "fs.inotify.max_user_instances", "8192",
                "fs.aio-max-nr", "1048576"));
        if (!containerMode) {
            params.addAll(KSPP);
        }
        return List.copyOf(params);
    }

    private static List<Param> sysctls(String... keyValues) {
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.add(new Param("proc.sys." + keyValues[i], keyValues[i + 1]));
        }
        return params;
    }
}
