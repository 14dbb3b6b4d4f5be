package dev.anvil.cosi.resource.codec;

import dev.anvil.cosi.resource.Bytes;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The closed set of Java types a spec may hold, resolved once from a record component's generic type. Both codecs
 * switch over it, so a type the codecs do not know fails when the spec class is first used, not halfway through
 * encoding a value.
 */
sealed interface ValueType {

    /**
     * Types that are one YAML scalar; Duration and Instant are messages in protobuf but still leaves here. BYTES is
     * {@link Bytes}, base64 in YAML; STRUCT is {@link dev.anvil.cosi.resource.Struct}, an object in YAML.
     */
    enum Scalar implements ValueType { STRING, BOOLEAN, INT, LONG, DOUBLE, DURATION, INSTANT, BYTES, STRUCT }

    /** An enum, with its YAML names and protobuf numbers read from {@link YamlName} and {@link ProtoField}. */
    record EnumOf(Class<?> type, Map<String, Object> byName, Map<Integer, Object> byNumber,
                  Map<Object, String> names, Map<Object, Integer> numbers) implements ValueType {

        static EnumOf of(Class<?> type) {
            Map<String, Object> byName = new HashMap<>();
            Map<Integer, Object> byNumber = new HashMap<>();
            Map<Object, String> names = new HashMap<>();
            Map<Object, Integer> numbers = new HashMap<>();
            for (Object constant : type.getEnumConstants()) {
                Enum<?> e = (Enum<?>) constant;
                Field field;
                try {
                    field = type.getField(e.name());
                } catch (NoSuchFieldException impossible) {
                    throw new IllegalStateException(impossible);
                }
                YamlName yamlName = field.getAnnotation(YamlName.class);
                ProtoField protoField = field.getAnnotation(ProtoField.class);
                String name = yamlName != null ? yamlName.value() : e.name().toLowerCase(Locale.ROOT);
                int number = protoField != null ? protoField.value() : e.ordinal();
                if (byName.put(name, e) != null || byNumber.put(number, e) != null) {
                    throw new IllegalArgumentException(type.getName() + ": two constants share the name \"" + name
                            + "\" or the number " + number);
                }
                names.put(e, name);
                numbers.put(e, number);
            }
            return new EnumOf(type, Map.copyOf(byName), Map.copyOf(byNumber), Map.copyOf(names), Map.copyOf(numbers));
        }
    }

    /** A nested record; its shape is looked up lazily so that a record may contain itself (through a list). */
    record RecordOf(Class<?> type) implements ValueType {
        RecordShape shape() {
            return RecordShape.of(type);
        }
    }

    record ListOf(ValueType element) implements ValueType {
    }

    /** A map with String keys. */
    record MapOf(ValueType value) implements ValueType {
    }

    /** Only allowed as a record component: an empty Optional is an omitted key or field. */
    record OptionalOf(ValueType value) implements ValueType {
    }

    static ValueType of(Type type) {
        if (type instanceof Class<?> c) {
            return ofClass(c);
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                return new ListOf(element(args[0], type));
            }
            if (raw == Optional.class) {
                return new OptionalOf(element(args[0], type));
            }
            if (raw == Map.class && args[0] == String.class) {
                return new MapOf(element(args[1], type));
            }
        }
        throw unsupported(type);
    }

    private static ValueType element(Type arg, Type container) {
        ValueType element = of(arg);
        if (element instanceof OptionalOf) {
            throw new IllegalArgumentException("an Optional cannot be omitted inside " + container.getTypeName());
        }
        return element;
    }

    private static ValueType ofClass(Class<?> c) {
        if (c == String.class) {
            return Scalar.STRING;
        } else if (c == boolean.class || c == Boolean.class) {
            return Scalar.BOOLEAN;
        } else if (c == int.class || c == Integer.class) {
            return Scalar.INT;
        } else if (c == long.class || c == Long.class) {
            return Scalar.LONG;
        } else if (c == double.class || c == Double.class) {
            return Scalar.DOUBLE;
        } else if (c == Duration.class) {
            return Scalar.DURATION;
        } else if (c == Instant.class) {
            return Scalar.INSTANT;
        } else if (c == Bytes.class) {
            return Scalar.BYTES;
        } else if (c == dev.anvil.cosi.resource.Struct.class) {
            return Scalar.STRUCT;
        } else if (c.isEnum()) {
            return EnumOf.of(c);
        } else if (c.isRecord()) {
            return new RecordOf(c);
        }
        throw unsupported(c);
    }

    private static IllegalArgumentException unsupported(Type type) {
        return new IllegalArgumentException("a spec cannot hold a " + type.getTypeName() + " (supported: String, "
                + "boolean, int, long, double, enums, Duration, Instant, Bytes, Struct, records, List, Map<String, ?>, Optional)");
    }
}
