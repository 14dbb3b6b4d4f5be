package dev.anvil.cosi.resource.codec;

import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@link Metadata} as the {@code cosi.resource.Metadata} message: namespace=1, type=2, id=3, version=4 (text),
 * owner=5, phase=6 (text), created=7 and updated=8 (Timestamp), finalizers=9 (repeated), labels=10 and
 * annotations=11 (maps). A gRPC layer wraps it as {@code Resource{metadata=1, spec=2 Spec{proto_spec=1,
 * yaml_spec=2}}} with {@link ProtoSpecCodec} and {@link ResourceYaml#encodeSpec}. Empty strings are not written,
 * as proto3 does; unknown fields are skipped. Thread-safe.
 */
public final class ProtoMetadata {
    private ProtoMetadata() {
    }

    public static byte[] encode(Metadata md) {
        ProtoWriter w = new ProtoWriter();
        nonEmpty(w, 1, md.namespace());
        nonEmpty(w, 2, md.type());
        nonEmpty(w, 3, md.id());
        w.string(4, md.version().toString());
        nonEmpty(w, 5, md.owner());
        w.string(6, md.phase().toString());
        w.timestamp(7, md.created());
        w.timestamp(8, md.updated());
        md.finalizers().forEach(f -> w.string(9, f));
        entries(w, 10, md.labels());
        entries(w, 11, md.annotations());
        return w.toByteArray();
    }

    /** Decodes metadata; a missing or malformed version or phase is an {@link IllegalArgumentException}. */
    public static Metadata decode(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes);
        String[] text = {"", "", "", "", "", "", ""};  // indexed by field number 1..6
        Instant created = Instant.EPOCH;
        Instant updated = Instant.EPOCH;
        List<String> finalizers = new ArrayList<>();
        SortedMap<String, String> labels = new TreeMap<>();
        SortedMap<String, String> annotations = new TreeMap<>();
        while (r.hasMore()) {
            int tag = r.tag();
            int field = tag >>> 3;
            if ((tag & 7) != ProtoWriter.LEN) {
                r.skip(tag & 7);
                continue;
            }
            switch (field) {
                case 1, 2, 3, 4, 5, 6 -> text[field] = r.string();
                case 7 -> created = r.timestamp();
                case 8 -> updated = r.timestamp();
                case 9 -> finalizers.add(r.string());
                case 10 -> entry(r.message(), labels);
                case 11 -> entry(r.message(), annotations);
                default -> r.skip(ProtoWriter.LEN);
            }
        }
        return new Metadata(text[1], text[2], text[3], Version.parse(text[4]), text[5], Phase.parse(text[6]),
                created, updated, finalizers, labels, annotations);
    }

    private static void nonEmpty(ProtoWriter w, int field, String value) {
        if (!value.isEmpty()) {
            w.string(field, value);
        }
    }

    private static void entries(ProtoWriter w, int field, Map<String, String> map) {
        map.forEach((k, v) -> {
            ProtoWriter entry = new ProtoWriter();
            entry.string(1, k);
            entry.string(2, v);
            w.message(field, entry);
        });
    }

    private static void entry(ProtoReader entry, Map<String, String> into) {
        String key = "";
        String value = "";
        while (entry.hasMore()) {
            int tag = entry.tag();
            switch (tag) {
                case (1 << 3) | ProtoWriter.LEN -> key = entry.string();
                case (2 << 3) | ProtoWriter.LEN -> value = entry.string();
                default -> entry.skip(tag & 7);
            }
        }
        into.put(key, value);
    }
}
