package dev.anvil.ctl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * What {@code etcdutl snapshot status} tells of an etcd snapshot, which talosctl prints after saving one: the CRC-32C
 * of every bucket name, key and value in order, the revision of the last key, the number of keys and the database's
 * size. Read straight from the snapshot's bbolt file: two meta pages (the valid one with the newer transaction
 * names the root), branch and leaf pages of a B+tree, each bucket a tree of its own or inlined in its value.
 * Little-endian, as bbolt writes on the machines etcd runs on.
 */
record EtcdSnapshotInfo(long hash, long revision, long totalKeys, long totalSize) {
    private static final int MAGIC = 0xED0CDAED;
    private static final int PAGE_HEADER = 16;
    private static final int BRANCH = 0x01;
    private static final int LEAF = 0x02;
    private static final int BUCKET_LEAF = 0x01;
    private static final int ELEMENT = 16;

    /** talosctl's line. */
    String line() {
        return String.format("snapshot info: hash %08x, revision %d, total keys %d, total size %d", hash, revision,
                totalKeys, totalSize);
    }

    static EtcdSnapshotInfo of(Path snapshot) throws IOException {
        ByteBuffer db = ByteBuffer.wrap(Files.readAllBytes(snapshot)).order(ByteOrder.LITTLE_ENDIAN);
        if (db.capacity() < PAGE_HEADER + 64) {
            throw new IOException(snapshot + " is not an etcd snapshot: too short");
        }
        int pageSize = db.getInt(PAGE_HEADER + 8);
        Meta meta = newer(meta(db, 0), pageSize > 0 && pageSize <= db.capacity() / 2 ? meta(db, pageSize) : null);
        if (meta == null) {
            throw new IOException(snapshot + " is not an etcd snapshot: no valid bbolt meta page");
        }
        Walk walk = new Walk(db, meta.pageSize());
        walk.tree(meta.root(), (name, value, flags) -> {
            if ((flags & BUCKET_LEAF) == 0) {
                throw new IOException("a key outside any bucket: the snapshot is not etcd's");
            }
            walk.crc.update(name);
            boolean keys = new String(name, StandardCharsets.UTF_8).equals("key");
            walk.bucket(value, (k, v, f) -> {
                walk.crc.update(k);
                // etcd's status hashes a nested bucket's name alone (bbolt gives it no value)
                if ((f & BUCKET_LEAF) == 0) {
                    walk.crc.update(v);
                }
                if (keys && k.length >= 8) {
                    walk.revision = ByteBuffer.wrap(k, 0, 8).order(ByteOrder.BIG_ENDIAN).getLong();
                }
                walk.keys++;
            });
        });
        return new EtcdSnapshotInfo(walk.crc.getValue(), walk.revision, walk.keys, meta.pages() * meta.pageSize());
    }

    private record Meta(int pageSize, long root, long pages, long txid) {
    }

    /** The meta page at {@code offset}, or null when it is not a valid one (torn writes leave one bad). */
    private static Meta meta(ByteBuffer db, int offset) {
        int at = offset + PAGE_HEADER;
        if (at + 64 > db.capacity() || db.getInt(at) != MAGIC || db.getInt(at + 4) != 2) {
            return null;
        }
        // FNV-1a 64 over the fields before the checksum
        long fnv = 0xcbf29ce484222325L;
        for (int i = 0; i < 56; i++) {
            fnv ^= db.get(at + i) & 0xff;
            fnv *= 0x100000001b3L;
        }
        if (fnv != db.getLong(at + 56)) {
            return null;
        }
        return new Meta(db.getInt(at + 8), db.getLong(at + 16), db.getLong(at + 40), db.getLong(at + 48));
    }

    private static Meta newer(Meta a, Meta b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.compareUnsigned(a.txid(), b.txid()) >= 0 ? a : b;
    }

    private interface Entry {
        void visit(byte[] key, byte[] value, int flags) throws IOException;
    }

    /** An in-order walk of bbolt trees; collects what the status needs as it goes. */
    private static final class Walk {
        private final ByteBuffer db;
        private final int pageSize;
        private final CRC32C crc = new CRC32C();
        private long revision;
        private long keys;

        Walk(ByteBuffer db, int pageSize) {
            this.db = db;
            this.pageSize = pageSize;
        }

        /** A bucket's entries, from its value: a root page, or (root 0) a page inlined after the header. */
        void bucket(byte[] value, Entry entry) throws IOException {
            if (value == null || value.length < 16) {
                throw new IOException("a bucket value of " + (value == null ? 0 : value.length) + " bytes");
            }
            long root = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (root != 0) {
                tree(root, entry);
                return;
            }
            ByteBuffer inline = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
            page(inline, 16, entry);
        }

        void tree(long pgid, Entry entry) throws IOException {
            long offset = pgid * pageSize;
            if (pgid < 2 || offset + PAGE_HEADER > db.capacity()) {
                throw new IOException("page " + pgid + " is outside the snapshot");
            }
            page(db, (int) offset, entry);
        }

        /** The page whose header is at {@code at} in {@code in}: its keys in order, descending into branches. */
        private void page(ByteBuffer in, int at, Entry entry) throws IOException {
            int flags = in.getShort(at + 8) & 0xffff;
            int count = in.getShort(at + 10) & 0xffff;
            int elements = at + PAGE_HEADER;
            for (int i = 0; i < count; i++) {
                int element = elements + i * ELEMENT;
                if ((flags & BRANCH) != 0) {
                    tree(in.getLong(element + 8), entry);
                } else if ((flags & LEAF) != 0) {
                    int leafFlags = in.getInt(element);
                    int pos = in.getInt(element + 4);
                    int keySize = in.getInt(element + 8);
                    int valueSize = in.getInt(element + 12);
                    byte[] key = new byte[keySize];
                    in.get(element + pos, key);
                    byte[] value = new byte[valueSize];
                    in.get(element + pos + keySize, value);
                    entry.visit(key, value, leafFlags);
                } else {
                    throw new IOException("page of kind " + flags + " where a tree page should be");
                }
            }
        }
    }
}
