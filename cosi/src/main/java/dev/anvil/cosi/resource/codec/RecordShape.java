package dev.anvil.cosi.resource.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A record class seen by the codecs: its components in declaration order, its canonical constructor, and for a
 * {@link TextForm} record its parse method. Shapes are computed once per class; reflection is confined to this file.
 */
record RecordShape(Class<?> type, List<Component> components, Constructor<?> constructor, Method textParser,
                   boolean inline) {

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return build(type);
        }
    };

    /**
     * One record component. {@code protoNumber} is 0 when the component has no {@link ProtoField}; only the
     * protobuf codec cares.
     */
    record Component(String name, String yamlName, int protoNumber, ValueType type, boolean primitive,
                     Method accessor) {

        Object get(Object record) {
            try {
                return accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + accessor, e);
            }
        }

        /** The value of a component that the encoded form leaves out: zero, empty, or null. */
        Object absent() {
            if (primitive) {
                return switch ((ValueType.Scalar) type) {
                    case BOOLEAN -> false;
                    case INT -> 0;
                    case LONG -> 0L;
                    case DOUBLE -> 0.0;
                    default -> throw new IllegalStateException("not a primitive: " + type);
                };
            }
            return switch (type) {
                case ValueType.OptionalOf ignored -> Optional.empty();
                case ValueType.ListOf ignored -> List.of();
                case ValueType.MapOf ignored -> Map.of();
                default -> null;
            };
        }
    }

    static RecordShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    Object construct(Object[] values) {
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw new IllegalArgumentException("invalid " + type.getSimpleName() + ": " + r.getMessage(), r);
            }
            throw new IllegalStateException("cannot construct " + type.getName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    boolean textForm() {
        return textParser != null;
    }


    /** A {@link TextForm} record from its text. */
    Object parse(String text) {
        try {
            return textParser.invoke(null, text);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw new IllegalArgumentException("invalid " + type.getSimpleName() + " \"" + text + "\": "
                        + r.getMessage(), r);
            }
            throw new IllegalStateException("cannot parse " + type.getName(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot parse " + type.getName(), e);
        }
    }

    private static Method textParser(Class<?> type) {
        if (!type.isAnnotationPresent(TextForm.class)) {
            return null;
        }
        try {
            Method parse = type.getDeclaredMethod("parse", String.class);
            if (!Modifier.isStatic(parse.getModifiers()) || parse.getReturnType() != type) {
                throw new IllegalArgumentException(type.getName() + ": the parse method of a @TextForm record must be"
                        + " static and return the record");
            }
            parse.setAccessible(true);
            return parse;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + ": a @TextForm record needs static parse(String)", e);
        }
    }

    private static RecordShape build(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        RecordComponent[] recordComponents = type.getRecordComponents();
        List<Component> components = new ArrayList<>(recordComponents.length);
        Class<?>[] parameterTypes = new Class<?>[recordComponents.length];
        for (int i = 0; i < recordComponents.length; i++) {
            RecordComponent rc = recordComponents[i];
            YamlName yamlName = rc.getAnnotation(YamlName.class);
            ProtoField protoField = rc.getAnnotation(ProtoField.class);
            ValueType valueType;
            try {
                valueType = ValueType.of(rc.getGenericType());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(type.getName() + "." + rc.getName() + ": " + e.getMessage(), e);
            }
            Method accessor = rc.getAccessor();
            // spec records are often package-private; the codecs still need to read them
            accessor.setAccessible(true);
            String key = yamlName != null ? yamlName.value() : rc.getName();
            if (components.stream().anyMatch(c -> c.yamlName().equals(key))) {
                throw new IllegalArgumentException(
                        type.getName() + ": two components use the YAML key \"" + key + "\"");
            }
            if (rc.isAnnotationPresent(YamlInline.class) && recordComponents.length != 1) {
                throw new IllegalArgumentException(type.getName() + ": @YamlInline needs a record of one component");
            }
            components.add(new Component(rc.getName(), key, protoField != null ? protoField.value() : 0, valueType,
                    rc.getType().isPrimitive(), accessor));
            parameterTypes[i] = rc.getType();
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            // inline: the record's YAML is its one component's, as YamlInline says
            boolean inline = recordComponents.length == 1 && recordComponents[0].isAnnotationPresent(YamlInline.class);
            return new RecordShape(type, List.copyOf(components), constructor, textParser(type), inline);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record always has a canonical constructor: " + type.getName(), e);
        }
    }
}
