package dev.anvil.machined.storage;

import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.state.State;
import dev.anvil.cosi.state.UpdateOptions;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.meta.Adv;
import dev.anvil.machinery.resources.runtime.MetaKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The node's META: a small key-value store in Talos's format that outlives resets of STATE and EPHEMERAL, for state
 * the boot and upgrades need before any config. It is a partition of its own on a disk (written in place: of its two
 * copies one is always whole) or, in container mode, a file beside STATE (replaced atomically). Every key is
 * published as a {@code MetaKey} resource; the store is the only writer of those.
 */
public final class Meta {
    /** Where a container-mode node keeps it: outside STATE and EPHEMERAL, which resets wipe. */
    public static final Path NODE = Path.of("/system/meta");
    static final String OWNER = "meta";

    private final Path where;
    private final State state;
    private Adv adv = Adv.empty();

    public Meta(Path where, State state) {
        this.where = where;
        this.state = state;
    }

    /** Reads what META holds (nothing when it does not exist yet) and publishes it; call once, at boot. */
    public synchronized void load() throws IOException {
        if (Files.exists(where)) {
            byte[] contents;
            try (FileChannel in = FileChannel.open(where, StandardOpenOption.READ)) {
                ByteBuffer buffer = ByteBuffer.allocate(Adv.SIZE);
                while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                    // a partition may be larger than META's two copies: only they are read
                }
                contents = buffer.array();
            }
            adv = Adv.read(contents, why -> Log.warn("META is damaged; starting it empty", "where", where,
                    "error", why));
        }
        adv.tags().forEach(this::publish);
    }

    /** Sets a key; false when the value does not fit in what is left of META. */
    public synchronized boolean write(int key, byte[] value) throws IOException {
        var next = adv.with(key, value);
        if (next.isEmpty()) {
            return false;
        }
        store(next.get());
        publish(key, value);
        return true;
    }

    /** Removes a key; false when META does not hold it. */
    public synchronized boolean delete(int key) throws IOException {
        var next = adv.without(key);
        if (next.isEmpty()) {
            return false;
        }
        store(next.get());
        state.destroy(MetaKey.KIND.pointer(MetaKey.id(key)), OWNER);
        return true;
    }

    /** Empties META (a reset wiping it): no key is left, on disk or as a resource. */
    public synchronized void wipe() throws IOException {
        for (int key : adv.tags().keySet()) {
            state.destroy(MetaKey.KIND.pointer(MetaKey.id(key)), OWNER);
        }
        store(Adv.empty());
    }

    /** The values held now, by key. */
    public synchronized Map<Integer, byte[]> values() {
        return adv.tags();
    }

    private void store(Adv next) throws IOException {
        byte[] bytes = next.bytes();
        if (!Files.exists(where) || Files.isRegularFile(where)) {
            AtomicFile.write(where, bytes);
        } else {
            try (FileChannel out = FileChannel.open(where, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer, buffer.position());
                }
                out.force(true);
            }
        }
        adv = next;
    }

    private void publish(int key, byte[] value) {
        MetaKey spec = new MetaKey(new String(value, StandardCharsets.UTF_8));
        state.modify(new Resource<>(Metadata.of(MetaKey.KIND.pointer(MetaKey.id(key))), spec),
                r -> r.withSpec(spec), UpdateOptions.owner(OWNER));
    }
}
