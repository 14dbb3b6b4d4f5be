package dev.anvil.cosi.resource.codec;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.Struct;
import dev.anvil.cosi.resource.codec.ValueType.EnumOf;
import dev.anvil.cosi.resource.codec.ValueType.ListOf;
import dev.anvil.cosi.resource.codec.ValueType.MapOf;
import dev.anvil.cosi.resource.codec.ValueType.OptionalOf;
import dev.anvil.cosi.resource.codec.ValueType.RecordOf;
import dev.anvil.cosi.resource.codec.ValueType.Scalar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Spec records in protobuf wire format, as Talos's protoenc encodes Go structs: every record component carries a
 * {@link ProtoField} number. Strings and nested records are length-delimited; booleans, ints, longs and enums are
 * varints (negative ones in ten bytes, as int32/int64); doubles are fixed64; Duration and Instant are
 * google.protobuf.Duration and Timestamp; {@link Bytes} is bytes; a List is a repeated field (packed for numbers, booleans and enums); a
 * {@code Map<String, V>} is repeated {key=1, value=2} entries, written in key order so equal specs give equal bytes.
 *
 * <p>Presence: a null component or an empty Optional is not written and decodes as null or empty; a primitive
 * equal to zero is not written (proto3) and decodes as zero; a null List or Map is indistinguishable from an empty
 * one and decodes as empty. Decoding skips unknown fields and accepts packed and unpacked repeated numbers, as
 * protobuf parsers do. Lists of lists and maps of lists have no protobuf form and are rejected. Thread-safe.
 */
public final class ProtoSpecCodec {
    private ProtoSpecCodec() {
    }

    public static byte[] encode(Spec spec) {
        return message(spec, ProtoSchema.of(spec.getClass())).toByteArray();
    }

    public static <S extends Spec> S decode(byte[] bytes, Class<S> specType) {
        return specType.cast(decodeMessage(new ProtoReader(bytes), ProtoSchema.of(specType)));
    }

    private static ProtoWriter message(Object record, ProtoSchema schema) {
        ProtoWriter w = new ProtoWriter();
        for (RecordShape.Component c : schema.shape().components()) {
            Object v = c.get(record);
            if (v instanceof Optional<?> o) {
                v = o.orElse(null);
            }
            if (v != null && !(c.primitive() && isZero(v))) {
                field(w, c.protoNumber(), c.type() instanceof OptionalOf(ValueType inner) ? inner : c.type(), v);
            }
        }
        return w;
    }

    private static boolean isZero(Object primitive) {
        return switch (primitive) {
            case Boolean b -> !b;
            case Double d -> Double.doubleToRawLongBits(d) == 0;  // -0.0 is not the default, so it is written
            case Number n -> n.longValue() == 0;
            default -> false;
        };
    }

    private static void field(ProtoWriter w, int number, ValueType type, Object value) {
        switch (type) {
            case ListOf(ValueType element) when isPacked(element) -> {
                if (!((List<?>) value).isEmpty()) {
                    ProtoWriter packed = new ProtoWriter();
                    for (Object item : (List<?>) value) {
                        scalarBody(packed, element, item);
                    }
                    w.message(number, packed);
                }
            }
            case ListOf(ValueType element) -> ((List<?>) value).forEach(item -> single(w, number, element, item));
            case MapOf(ValueType valueType) -> new TreeMap<>((Map<?, ?>) value).forEach((k, v) -> {
                ProtoWriter entry = new ProtoWriter();
                entry.string(1, (String) k);
                if (v != null) {
                    single(entry, 2, valueType, v);
                }
                w.message(number, entry);
            });
            default -> single(w, number, type, value);
        }
    }

    private static void single(ProtoWriter w, int number, ValueType type, Object value) {
        switch (type) {
            case Scalar.STRING -> w.string(number, (String) value);
            case Scalar.DURATION -> w.duration(number, (Duration) value);
            case Scalar.INSTANT -> w.timestamp(number, (Instant) value);
            case Scalar.BYTES -> w.bytes(number, ((Bytes) value).toByteArray());
            case Scalar.STRUCT -> w.message(number, StructCodec.encode((Struct) value));
            case RecordOf r -> w.message(number, message(value, ProtoSchema.of(r.type())));
            default -> {
                w.tag(number, wireType(type));
                scalarBody(w, type, value);
            }
        }
    }

    /** The value of a varint or fixed64 field without its tag, as it also appears inside a packed field. */
    private static void scalarBody(ProtoWriter w, ValueType type, Object value) {
        switch (type) {
            case Scalar.BOOLEAN -> w.varint((Boolean) value ? 1 : 0);
            case Scalar.INT -> w.varint((Integer) value);  // sign-extended to 64 bits, as protobuf int32 is
            case Scalar.LONG -> w.varint((Long) value);
            case Scalar.DOUBLE -> w.fixed64(Double.doubleToRawLongBits((Double) value));
            case EnumOf e -> w.varint(e.numbers().get(value));
            default -> throw new IllegalStateException("not a packable type: " + type);
        }
    }

    private static Object decodeMessage(ProtoReader r, ProtoSchema schema) {
        List<RecordShape.Component> components = schema.shape().components();
        Object[] values = new Object[components.size()];
        while (r.hasMore()) {
            int tag = r.tag();
            int index = schema.indexOf(tag >>> 3);
            if (index < 0) {
                r.skip(tag & 7);
                continue;
            }
            RecordShape.Component c = components.get(index);
            values[index] = read(r, tag & 7, c.type(), values[index], c.name());
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (values[i]) {
                case null -> components.get(i).absent();
                case List<?> list -> Collections.unmodifiableList(list);
                case Map<?, ?> map -> Collections.unmodifiableMap(map);
                default -> components.get(i).type() instanceof OptionalOf ? Optional.of(values[i]) : values[i];
            };
        }
        return schema.shape().construct(values);
    }

    /** Reads one occurrence of a field; repeated and map fields accumulate into {@code previous}. */
    @SuppressWarnings("unchecked")
    private static Object read(ProtoReader r, int wireType, ValueType type, Object previous, String name) {
        switch (type) {
            case ListOf(ValueType element) -> {
                List<Object> list = previous == null ? new ArrayList<>() : (List<Object>) previous;
                if (isPacked(element) && wireType == ProtoWriter.LEN) {
                    ProtoReader packed = r.message();
                    while (packed.hasMore()) {
                        list.add(readSingle(packed, element));
                    }
                } else {
                    list.add(readChecked(r, wireType, element, name));
                }
                return list;
            }
            case MapOf(ValueType valueType) -> {
                Map<String, Object> map = previous == null ? new LinkedHashMap<>() : (Map<String, Object>) previous;
                ProtoReader entry = readEntry(r, wireType, name);
                String key = "";
                Object value = null;
                while (entry.hasMore()) {
                    int tag = entry.tag();
                    switch (tag >>> 3) {
                        case 1 -> key = (String) readChecked(entry, tag & 7, Scalar.STRING, name + " key");
                        case 2 -> value = readChecked(entry, tag & 7, valueType, name + " value");
                        default -> entry.skip(tag & 7);
                    }
                }
                // protobuf gives an entry without a value the value type's default
                map.put(key, value != null ? value : readSingle(new ProtoReader(defaultValue(valueType)), valueType));
                return map;
            }
            case OptionalOf(ValueType inner) -> {
                return readChecked(r, wireType, inner, name);
            }
            default -> {
                return readChecked(r, wireType, type, name);
            }
        }
    }

    private static ProtoReader readEntry(ProtoReader r, int wireType, String name) {
        if (wireType != ProtoWriter.LEN) {
            throw new IllegalArgumentException(name + ": map entries are length-delimited, got wire type " + wireType);
        }
        return r.message();
    }

    private static Object readChecked(ProtoReader r, int wireType, ValueType type, String name) {
        if (wireType != wireType(type)) {
            throw new IllegalArgumentException(name + ": expected wire type " + wireType(type) + ", got " + wireType);
        }
        return readSingle(r, type);
    }

    /** Reads a value whose tag, if any, has been read already. */
    private static Object readSingle(ProtoReader r, ValueType type) {
        return switch (type) {
            case Scalar.STRING -> r.string();
            case Scalar.BOOLEAN -> r.varint() != 0;
            case Scalar.INT -> (int) r.varint();
            case Scalar.LONG -> r.varint();
            case Scalar.DOUBLE -> Double.longBitsToDouble(r.fixed64());
            case Scalar.DURATION -> r.duration();
            case Scalar.INSTANT -> r.timestamp();
            case Scalar.BYTES -> Bytes.of(r.bytes());
            case Scalar.STRUCT -> StructCodec.decode(r.message());
            case EnumOf e -> {
                long number = r.varint();
                Object constant = e.byNumber().get((int) number);
                if (constant == null || number != (int) number) {
                    throw new IllegalArgumentException(
                            e.type().getSimpleName() + " has no constant numbered " + number);
                }
                yield constant;
            }
            case RecordOf rec -> decodeMessage(r.message(), ProtoSchema.of(rec.type()));
            case ListOf ignored -> throw new IllegalStateException("a list inside a list: rejected by ProtoSchema");
            case MapOf ignored -> throw new IllegalStateException("a map inside a list: rejected by ProtoSchema");
            case OptionalOf ignored -> throw new IllegalStateException("a nested Optional: rejected by ValueType");
        };
    }

    /** The encoding of a type's zero value without its tag: zero length, a zero varint, or eight zero bytes. */
    private static byte[] defaultValue(ValueType type) {
        return wireType(type) == ProtoWriter.I64 ? new byte[8] : new byte[] {0};
    }

    private static boolean isPacked(ValueType type) {
        return wireType(type) != ProtoWriter.LEN;
    }

    private static int wireType(ValueType type) {
        return switch (type) {
            case Scalar.BOOLEAN, Scalar.INT, Scalar.LONG -> ProtoWriter.VARINT;
            case EnumOf ignored -> ProtoWriter.VARINT;
            case Scalar.DOUBLE -> ProtoWriter.I64;
            default -> ProtoWriter.LEN;
        };
    }
}
