package dev.anvil.ctl;

import com.google.protobuf.Empty;
import dev.anvil.api.common.Data;
import dev.anvil.ctl.api.ApiSession;
import dev.anvil.ctl.files.DataInput;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;

/**
 * anvilctl kubeconfig, as talosctl's: asks a control plane for an admin kubeconfig (MachineService.Kubeconfig, a
 * tar.gz holding {@code kubeconfig}) and merges it into the local kubeconfig, or writes it whole.
 */
@Command(name = "kubeconfig", description = {"Download the admin kubeconfig from the node.",
    "The kubeconfig is merged into LOCAL_PATH (default: the first file of $KUBECONFIG, else ~/.kube/config): its"
        + " cluster, user and context are added, renamed with a numeric suffix when a different one has the same"
        + " name, and its context becomes current. With --merge=false the file is written whole (an existing file"
        + " only with --force). A directory as LOCAL_PATH gets a file named kubeconfig in it; '-' writes to"
        + " standard output."})
final class KubeconfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "LOCAL_PATH", description = "Where to write it.")
    String local;
    @Option(names = {"-f", "--force"}, description = "Overwrite an existing file when not merging.")
    boolean force;
    @Option(names = {"-m", "--merge"}, negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Merge into an existing file (default true).")
    boolean merge;

    @Override
    public Integer call() throws IOException {
        byte[] kubeconfig;
        try (ApiSession api = ReadCommand.openOne(spec, "kubeconfig")) {
            Iterator<Data> archive = api.machine().kubeconfig(Empty.getDefaultInstance());
            DataInput data = new DataInput(archive);
            kubeconfig = fileOf(new GZIPInputStream(data, 64 * 1024), "kubeconfig");
            data.drain();
        }
        if ("-".equals(local)) {
            spec.commandLine().getOut().print(new String(kubeconfig, StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
            return 0;
        }
        Path target = target();
        if (Files.exists(target) && merge) {
            String merged = merge(Files.readString(target), new String(kubeconfig, StandardCharsets.UTF_8));
            write(target, merged.getBytes(StandardCharsets.UTF_8));
        } else {
            if (Files.exists(target) && !force) {
                throw new IllegalArgumentException(target + " already exists, use --force to overwrite");
            }
            write(target, kubeconfig);
        }
        return 0;
    }

    private Path target() {
        if (local != null) {
            Path path = Path.of(local);
            return Files.isDirectory(path) ? path.resolve("kubeconfig") : path;
        }
        String env = System.getenv("KUBECONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env.split(java.io.File.pathSeparator)[0]);
        }
        return Path.of(System.getProperty("user.home"), ".kube", "config");
    }

    private static void write(Path target, byte[] contents) throws IOException {
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temp, contents);
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The one regular file named {@code name} of a tar stream. */
    static byte[] fileOf(InputStream tar, String name) throws IOException {
        byte[] header = new byte[512];
        while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
            String entry = new String(header, 0, 100, StandardCharsets.US_ASCII).replaceAll("\0.*", "");
            String octal = new String(header, 124, 12, StandardCharsets.US_ASCII).replaceAll("[\0 ]", "");
            long size = octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
            byte[] body = tar.readNBytes((int) size);
            tar.skipNBytes((512 - size % 512) % 512);
            if (entry.equals(name) && (header[156] == '0' || header[156] == 0)) {
                return body;
            }
        }
        throw new IOException("the node's answer holds no " + name);
    }

    /**
     * talosctl's merge: each cluster, user and context of {@code fresh} is added to {@code existing}; one whose name
     * is taken by a different entry is renamed NAME-1, NAME-2... (references follow); the new context is current.
     */
    @SuppressWarnings("unchecked")
    static String merge(String existing, String fresh) {
        Load load = new Load(LoadSettings.builder().build());
        Object loaded = existing.isBlank() ? null : load.loadFromString(existing);
        Map<String, Object> into = loaded instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m)
                : new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", "Config"));
        Map<String, Object> from = (Map<String, Object>) load.loadFromString(fresh);
        Map<String, String> clusters = add(into, from, "clusters");
        Map<String, String> users = add(into, from, "users");
        List<Object> contexts = new ArrayList<>((List<Object>) from.getOrDefault("contexts", List.of()));
        List<Object> renamed = new ArrayList<>();
        for (Object c : contexts) {
            Map<String, Object> context = new LinkedHashMap<>((Map<String, Object>) c);
            Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) context.get("context"));
            body.put("cluster", clusters.getOrDefault((String) body.get("cluster"), (String) body.get("cluster")));
            body.put("user", users.getOrDefault((String) body.get("user"), (String) body.get("user")));
            context.put("context", body);
            renamed.add(context);
        }
        Map<String, Object> renamedFrom = new LinkedHashMap<>(from);
        renamedFrom.put("contexts", renamed);
        Map<String, String> contextNames = add(into, renamedFrom, "contexts");
        String current = (String) from.get("current-context");
        into.put("current-context", contextNames.getOrDefault(current, current));
        return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2)
                .setIndicatorIndent(0).setWidth(Integer.MAX_VALUE).build()).dumpToString(into);
    }

    /** Adds the named entries of {@code from}'s section to {@code into}'s; returns the names that changed. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> add(Map<String, Object> into, Map<String, Object> from, String section) {
        List<Object> target = new ArrayList<>(into.get(section) instanceof List<?> l ? (List<Object>) l : List.of());
        Map<String, String> renames = new LinkedHashMap<>();
        for (Object e : (List<Object>) from.getOrDefault(section, List.of())) {
            Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) e);
            String name = (String) entry.get("name");
            String candidate = name;
            for (int i = 1; ; i++) {
                Object same = find(target, candidate);
                if (same == null) {
                    break;
                }
                if (Objects.equals(((Map<String, Object>) same).get(section.substring(0, section.length() - 1)),
                        entry.get(section.substring(0, section.length() - 1)))) {
                    target.remove(same);
                    break;
                }
                candidate = name + "-" + i;
            }
            if (!candidate.equals(name)) {
                renames.put(name, candidate);
                entry.put("name", candidate);
            }
            target.add(entry);
        }
        into.put(section, target);
        return renames;
    }

    @SuppressWarnings("unchecked")
    private static Object find(List<Object> entries, String name) {
        return entries.stream().filter(e -> e instanceof Map<?, ?> m && name.equals(((Map<String, Object>) m)
                .get("name"))).findFirst().orElse(null);
    }
}
