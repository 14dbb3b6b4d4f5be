package dev.anvil.machinery.config.schema;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the loader, encoder and patcher need to know about a config record: its fields in declaration order (which
 * is also the order they are written out), each field's YAML key and the annotations that change how it loads or
 * merges. Computed once per record class.
 */
public final class RecordSchema {

    /** One record component as the config layer sees it. */
    public record Field(String yamlName, RecordComponent component, Type type, Optional<String> obsolete,
                        Optional<String> notImplemented, List<String> mergeKeys, boolean replaceOnMerge) {

        public Object valueOf(Object record) {
            try {
                return component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
    }

    private static final ClassValue<RecordSchema> SCHEMAS = new ClassValue<>() {
        @Override
        protected RecordSchema computeValue(Class<?> type) {
            return new RecordSchema(type);
        }
    };

    private final Class<?> type;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, Integer> positions = new LinkedHashMap<>();
    private final List<Field> ordered;
    private final Constructor<?> constructor;

    private RecordSchema(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record");
        }
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        for (RecordComponent c : components) {
            var key = c.getAnnotation(YamlKey.class);
            var obsolete = c.getAnnotation(Obsolete.class);
            var notImplemented = c.getAnnotation(NotImplemented.class);
            var mergeKey = c.getAnnotation(MergeKey.class);
            var field = new Field(key == null ? c.getName() : key.value(), c, c.getGenericType(),
                    Optional.ofNullable(obsolete).map(Obsolete::value),
                    Optional.ofNullable(notImplemented).map(NotImplemented::value),
                    mergeKey == null ? List.of() : List.of(mergeKey.value()),
                    c.isAnnotationPresent(ReplaceOnMerge.class));
            positions.put(field.yamlName(), fields.size());
            fields.put(field.yamlName(), field);
        }
        ordered = List.copyOf(fields.values());
        try {
            constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record without canonical constructor: " + type, e);
        }
    }

    public static RecordSchema of(Class<?> recordType) {
        return SCHEMAS.get(recordType);
    }

    public Class<?> type() {
        return type;
    }

    public List<Field> fields() {
        return ordered;
    }

    /** The index of the field in {@link #fields()} and in the constructor's parameters. */
    public int position(Field field) {
        return positions.get(field.yamlName());
    }

    public Optional<Field> field(String yamlName) {
        return Optional.ofNullable(fields.get(yamlName));
    }

    /** Builds the record from values in field order; a record's own checks may reject them. */
    public Object construct(Object[] values) {
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("cannot build " + type, e);
        }
    }
}
