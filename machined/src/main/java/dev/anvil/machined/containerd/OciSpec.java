package dev.anvil.machined.containerd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime spec (runtime-spec 1.0) machined gives runc for a system container, as containerd's defaults make
 * it: its own PID, IPC and mount namespaces (the node's network and hostname are shared, as Talos's system services
 * share them), /proc, /dev, /sys and friends mounted, containerd's default capabilities, masked and read-only paths,
 * no new privileges, and every device denied but those runc always allows.
 */
public record OciSpec(List<String> args, List<String> env, String cwd, String cgroupsPath) {
    /** The type URL containerd stores a spec under. */
    public static final String TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/Spec";

    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
            "/proc/scsi");
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    public OciSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a container needs a command: the image has no entrypoint or cmd, and"
                    + " none is given");
        }
    }

    /** The spec as runc reads it (config.json). */
    public String json() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", "1.0.2");
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("terminal", false);
        process.put("user", Map.of("uid", 0, "gid", 0));
        process.put("args", args);
        process.put("env", env);
        process.put("cwd", cwd);
        Map<String, Object> caps = new LinkedHashMap<>();
        for (String set : List.of("bounding", "effective", "permitted")) {
            caps.put(set, CAPABILITIES);
        }
        process.put("capabilities", caps);
        process.put("rlimits", List.of(Map.of("type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024)));
        process.put("noNewPrivileges", true);
        spec.put("process", process);
        spec.put("root", Map.of("path", "rootfs"));
        spec.put("mounts", List.of(
                mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
                mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
                mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                        "mode=0620", "gid=5"),
                mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k"),
                mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
                mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
                mount("/run", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k")));
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", List.of(Map.of("type", "pid"), Map.of("type", "ipc"), Map.of("type", "mount")));
        linux.put("resources", Map.of("devices", List.of(Map.of("allow", false, "access", "rwm"))));
        linux.put("cgroupsPath", cgroupsPath);
        linux.put("maskedPaths", MASKED);
        linux.put("readonlyPaths", READ_ONLY);
        spec.put("linux", linux);
        return JsonValue.write(spec);
    }

    private static Map<String, Object> mount(String destination, String type, String source, String... options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        m.put("options", List.of(options));
        return m;
    }

    /**
     * The command a container runs: the given args replace the image's cmd (after its entrypoint), as
     * {@code docker run IMAGE ARGS} does; the environment is the image's, then the given entries.
     */
    static OciSpec forImage(OciImage.RunConfig image, List<String> args, List<String> env,
            String cgroupsPath) {
        List<String> command = new ArrayList<>(image.entrypoint());
        command.addAll(args.isEmpty() ? image.cmd() : args);
        List<String> environment = new ArrayList<>(image.env());
        environment.addAll(env);
        return new OciSpec(command, environment, image.workingDir(), cgroupsPath);
    }
}
