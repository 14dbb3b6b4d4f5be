package dev.anvil.machined.controllers.files;

import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.ActiveConfig;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.files.UserFileStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes the config's {@code machine.files} (rules in {@link UserFiles}) and records each in a {@code
 * UserFileStatus}: where it went, or why not. Talos writes them once a boot; here they follow the config, and an
 * entry whose status shows it written (same digest, no error) is left alone, so an append appends once per boot
 * and per change. An entry that fails does not stop the others; files of entries removed from the config stay, as
 * in Talos.
 */
public final class UserFileController implements Controller {
    /** Binding a file read-only over another, in the node's mount namespace. */
    public interface Binds {
        boolean bound(Path target);

        void bindReadOnly(Path source, Path target);

        void unbind(Path target);
    }

    private final Path root;
    private final Binds binds;

    /** @param root the node's root ({@code /}; a directory standing in for it in tests) */
    public UserFileController(Path root, Binds binds) {
        this.root = root;
        this.binds = binds;
    }

    @Override
    public String name() {
        return "files.UserFileController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(ActiveConfig.INPUT);
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(UserFileStatus.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) {
        List<UserFiles.Entry> entries = ActiveConfig.read(ctx).map(UserFiles::of).orElse(List.of());
        Set<String> seen = new HashSet<>();
        for (UserFiles.Entry entry : entries) {
            String id = entry.path();
            if (!seen.add(id)) {
                Log.warn("machine.files names a path twice; the first entry is kept", "path", id);
                continue;
            }
            String digest = entry.digest();
            Optional<UserFileStatus> before = Specs.find(ctx, UserFileStatus.KIND.pointer(id), UserFileStatus.class)
                    .map(Resource::spec);
            if (before.filter(s -> s.digest().equals(digest) && s.error().isEmpty()).isPresent()) {
                continue;
            }
            Specs.put(ctx, UserFileStatus.KIND.pointer(id), write(entry, digest));
        }
        for (Resource<?> status : ctx.list(UserFileStatus.KIND)) {
            if (!seen.contains(status.id())) {
                ctx.destroy(status.pointer());
            }
        }
    }

    private UserFileStatus write(UserFiles.Entry entry, String digest) {
        String permissions = String.format("0%o", entry.mode());
        String refusal = UserFiles.refusal(entry);
        if (refusal == null && entry.path().equals(UserFiles.CRI_CUSTOMIZATION)) {
            refusal = "skipped: the CRI customization part belongs to the CRI configuration, not built yet";
        }
        if (refusal != null) {
            Log.warn("machine.files entry not written", "path", entry.path(), "error", refusal);
            return new UserFileStatus(entry.op(), "", permissions, 0, refusal, digest);
        }
        Path target = inRoot(entry.path());
        boolean direct = entry.inVar() || UserFiles.inManifests(entry);
        Path destination = direct ? target : inRoot("/var" + entry.path());
        try {
            boolean wasBound = !direct && binds.bound(target);
            if (wasBound && entry.op().equals("append")) {
                binds.unbind(target); // the text to append to is the file's own, beneath our copy
                wasBound = false;
            }
            byte[] contents = contents(entry, target);
            FileWrites.writeInPlaceIfChanged(destination, contents, entry.mode());
            if (!direct && !wasBound) {
                binds.bindReadOnly(destination, target);
            }
            Log.info("wrote machine.files entry", "path", entry.path(), "op", entry.op(), "to", destination.toString());
            return new UserFileStatus(entry.op(), nodePath(destination), permissions, contents.length, "", digest);
        } catch (IOException | RuntimeException e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            Log.warn("machine.files entry not written", "path", entry.path(), "error", error);
            return new UserFileStatus(entry.op(), "", permissions, 0, error, digest);
        }
    }

    private byte[] contents(UserFiles.Entry entry, Path target) throws IOException {
        if (entry.op().equals("create")) {
            return entry.content().getBytes(StandardCharsets.UTF_8);
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("file must exist: \"" + entry.path() + "\"");
        }
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a regular file: \"" + entry.path() + "\"");
        }
        if (entry.op().equals("overwrite")) {
            return entry.content().getBytes(StandardCharsets.UTF_8);
        }
        return (Files.readString(target) + "\n" + entry.content()).getBytes(StandardCharsets.UTF_8);
    }

    private Path inRoot(String nodePath) {
        return root.resolve(nodePath.replaceFirst("^/+", ""));
    }

    private String nodePath(Path file) {
        return "/" + root.relativize(file);
    }
}
