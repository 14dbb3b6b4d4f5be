package dev.anvil.machined.controllers.files;

import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.runtime.Controller;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.ReconcileContext;
import dev.anvil.machined.controllers.Specs;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.resources.files.EtcFileSpec;
import dev.anvil.machinery.resources.files.EtcFileStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Talos's files.EtcFileController: writes each {@code EtcFileSpec} to the node's {@code /etc} (a container-mode
 * node's own directory) and records the spec version written in {@code EtcFileStatus}. A file is replaced
 * atomically (a reader sees the old text or the new, never a part) and only when its text or mode differs; a file
 * whose spec is gone is removed with its status.
 */
public final class EtcFileController implements Controller {
    private final Path etc;

    public EtcFileController(Path etc) {
        this.etc = etc;
    }

    @Override
    public String name() {
        return "files.EtcFileController";
    }

    @Override
    public List<Input> inputs() {
        return List.of(Input.weak(EtcFileSpec.KIND.namespace(), EtcFileSpec.TYPE));
    }

    @Override
    public List<Output> outputs() {
        return List.of(Output.exclusive(EtcFileStatus.TYPE));
    }

    @Override
    public void reconcile(ReconcileContext ctx) throws IOException {
        Set<String> written = new HashSet<>();
        for (Resource<?> raw : ctx.list(EtcFileSpec.KIND)) {
            if (raw.metadata().phase() != Phase.RUNNING) {
                continue;
            }
            EtcFileSpec spec = raw.as(EtcFileSpec.class).spec();
            Path file = resolve(raw.id());
            byte[] contents = spec.contents().getBytes(StandardCharsets.UTF_8);
            if (FileWrites.replaceIfChanged(file, contents, spec.mode())) {
                Log.info("wrote /etc file", "name", raw.id(), "version", raw.metadata().version().toString());
            }
            Specs.put(ctx, EtcFileStatus.KIND.pointer(raw.id()),
                    new EtcFileStatus(raw.metadata().version().toString()));
            written.add(raw.id());
        }
        for (Resource<?> status : ctx.list(EtcFileStatus.KIND)) {
            if (!written.contains(status.id())) {
                Files.deleteIfExists(resolve(status.id()));
                ctx.destroy(status.pointer());
            }
        }
    }

    /** The file of an ID, which must stay inside /etc. */
    private Path resolve(String id) {
        Path file = etc.resolve(id).normalize();
        if (!file.startsWith(etc) || file.equals(etc)) {
            throw new UncheckedIOException(new IOException("an /etc file's name must stay inside /etc: " + id));
        }
        return file;
    }
}
