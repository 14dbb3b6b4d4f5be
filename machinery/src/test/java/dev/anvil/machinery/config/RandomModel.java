package dev.anvil.machinery.config;

import dev.anvil.machinery.config.schema.ArgValue;
import dev.anvil.machinery.config.schema.IntOrString;
import dev.anvil.machinery.config.schema.RecordSchema;
import dev.anvil.machinery.config.schema.Unstructured;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds random values of any config model type from a seed, the way the decoder would produce them (no null list
 * items, Long for unstructured integers). Strings favour the ones YAML likes to misread.
 */
public final class RandomModel {

    private static final String[] TRICKY = {"", "true", "no", "null", "~", "123", "0o644", "1e3", "-", "a: b",
        "#comment", "two\nlines\n", " padded ", "quote\"s", "ünïcödé", "@at", "*star", "[x]", "{y}", "10.5.0.0/24",
        "https://1.2.3.4:6443", "tab\there", "trailing\n", "0x1F", ".inf"};

    private final Random random;
    private final boolean lists;

    public RandomModel(long seed) {
        this(seed, true);
    }

    /** With {@code lists} false, no list is generated (list fields stay unset), for laws that lists would break. */
    public RandomModel(long seed, boolean lists) {
        this.random = new Random(seed);
        this.lists = lists;
    }

    @SuppressWarnings("unchecked")
    public <T> T record(Class<T> type) {
        return (T) value(type, 0);
    }

    private Object value(Type type, int depth) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            return string();
        } else if (raw == Boolean.class) {
            return random.nextBoolean();
        } else if (raw == Integer.class) {
            return random.nextInt();
        } else if (raw == Long.class) {
            return random.nextLong();
        } else if (raw == IntOrString.class) {
            return random.nextBoolean() ? IntOrString.number(Long.toString(random.nextInt(1 << 20)))
                    : IntOrString.text(string());
        } else if (raw == ArgValue.class) {
            return random.nextBoolean() ? ArgValue.of(string()) : ArgValue.of(strings());
        } else if (raw == Unstructured.class) {
            Object plain = plain(depth);
            if (!lists && plain instanceof List<?>) {
                plain = string();
            }
            return new Unstructured(plain == null ? "absent is not the same as null" : plain);
        } else if (raw == List.class) {
            if (!lists) {
                return null;
            }
            Type item = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> list = new ArrayList<>();
            for (int i = random.nextInt(depth > 3 ? 1 : 3); i > 0; i--) {
                list.add(value(item, depth + 1));
            }
            return List.copyOf(list);
        } else if (raw == Map.class) {
            Type item = ((ParameterizedType) type).getActualTypeArguments()[1];
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = random.nextInt(depth > 3 ? 1 : 3); i > 0; i--) {
                map.put(string(), value(item, depth + 1));
            }
            return map;
        } else if (raw.isRecord()) {
            var fields = RecordSchema.of(raw).fields();
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(3) == 0 || depth > 6 ? null : value(fields.get(i).type(), depth + 1);
            }
            return RecordSchema.of(raw).construct(values);
        }
        throw new IllegalArgumentException("no generator for " + type);
    }

    private Object plain(int depth) {
        int choice = random.nextInt(depth > 4 ? 5 : 7);
        return switch (!lists && choice == 5 ? 3 : choice) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> string();
            case 4 -> random.nextInt(1000) / 8.0;
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    list.add(plain(depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    map.put(string(), plain(depth + 1));
                }
                yield map;
            }
        };
    }

    private List<String> strings() {
        List<String> list = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            list.add(string());
        }
        return List.copyOf(list);
    }

    private String string() {
        if (random.nextInt(3) == 0) {
            return TRICKY[random.nextInt(TRICKY.length)];
        }
        var chars = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            chars.append((char) (' ' + random.nextInt(95)));
        }
        return chars.toString();
    }
}
