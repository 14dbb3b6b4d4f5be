package dev.anvil.cosi.resource.codec;

import dev.anvil.cosi.resource.codec.ValueType.ListOf;
import dev.anvil.cosi.resource.codec.ValueType.MapOf;
import dev.anvil.cosi.resource.codec.ValueType.OptionalOf;
import java.util.HashMap;
import java.util.Map;

/**
 * A record's protobuf field numbers, checked once per class: every component numbered, numbers unique and legal,
 * and no type that protobuf cannot express (a list or map inside a list, map or Optional).
 */
record ProtoSchema(RecordShape shape, Map<Integer, Integer> indexByNumber) {
    private static final int MAX_FIELD = (1 << 29) - 1;

    private static final ClassValue<ProtoSchema> SCHEMAS = new ClassValue<>() {
        @Override
        protected ProtoSchema computeValue(Class<?> type) {
            return build(RecordShape.of(type));
        }
    };

    static ProtoSchema of(Class<?> type) {
        return SCHEMAS.get(type);
    }

    /** The component index for a field number, or -1 for a field this record does not know. */
    int indexOf(int number) {
        return indexByNumber.getOrDefault(number, -1);
    }

    private static ProtoSchema build(RecordShape shape) {
        Map<Integer, Integer> indexByNumber = new HashMap<>();
        for (int i = 0; i < shape.components().size(); i++) {
            RecordShape.Component c = shape.components().get(i);
            String where = shape.type().getName() + "." + c.name();
            int n = c.protoNumber();
            if (n < 1 || n > MAX_FIELD || (n >= 19000 && n <= 19999)) {
                throw new IllegalArgumentException(where + ": needs @ProtoField with a number in 1.." + MAX_FIELD
                        + " outside 19000..19999 (reserved by protobuf), got " + n);
            }
            if (indexByNumber.put(n, i) != null) {
                throw new IllegalArgumentException(where + ": field number " + n + " is used twice");
            }
            ValueType inner = switch (c.type()) {
                case ListOf(ValueType element) -> element;
                case MapOf(ValueType value) -> value;
                case OptionalOf(ValueType value) -> value;
                default -> null;
            };
            if (inner instanceof ListOf || inner instanceof MapOf) {
                throw new IllegalArgumentException(where
                        + ": protobuf has no form for a list or map inside a list, map or Optional");
            }
        }
        return new ProtoSchema(shape, Map.copyOf(indexByNumber));
    }
}
