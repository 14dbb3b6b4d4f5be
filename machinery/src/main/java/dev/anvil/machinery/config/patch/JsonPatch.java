package dev.anvil.machinery.config.patch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 6902 JSON Patch over plain values (maps, lists, scalars), with RFC 6901 pointers. Operations apply in order to
 * a copy; the first one that cannot apply stops the patch with a {@link Failure} saying which and why.
 */
final class JsonPatch {

    /** One operation: {@code op} is add, remove, replace, move, copy or test; {@code from} only for move/copy. */
    record Operation(String op, String path, String from, boolean hasValue, Object value) {
    }

    /** Why an operation could not apply. */
    static final class Failure extends Exception {
        Failure(int index, Operation operation, String reason) {
            super("operation " + index + " (" + operation.op() + " " + operation.path() + "): " + reason);
        }
    }

    private JsonPatch() {
    }

    static Object apply(Object document, List<Operation> operations) throws Failure {
        Object root = copy(document);
        for (int i = 0; i < operations.size(); i++) {
            Operation operation = operations.get(i);
            try {
                root = apply(root, operation);
            } catch (IllegalArgumentException e) {
                throw new Failure(i, operation, e.getMessage());
            }
        }
        return root;
    }

    private static Object apply(Object root, Operation op) {
        return switch (op.op()) {
            case "add" -> add(root, op.path(), value(op));
            case "remove" -> {
                get(root, op.path());
                yield remove(root, op.path());
            }
            case "replace" -> {
                get(root, op.path());
                yield add(remove(root, op.path()), op.path(), value(op));
            }
            case "move" -> {
                if (op.path().startsWith(required(op.from()) + "/")) {
                    throw new IllegalArgumentException("cannot move a value into itself");
                }
                Object moved = get(root, op.from());
                yield add(remove(root, op.from()), op.path(), moved);
            }
            case "copy" -> add(root, op.path(), copy(get(root, required(op.from()))));
            case "test" -> {
                if (!Objects.equals(get(root, op.path()), value(op))) {
                    throw new IllegalArgumentException("test failed: the value differs");
                }
                yield root;
            }
            default -> throw new IllegalArgumentException("unknown operation \"" + op.op() + "\"");
        };
    }

    private static Object value(Operation op) {
        if (!op.hasValue()) {
            throw new IllegalArgumentException("\"value\" is required");
        }
        return copy(op.value());
    }

    private static String required(String from) {
        if (from == null) {
            throw new IllegalArgumentException("\"from\" is required");
        }
        return from;
    }

    static List<String> tokens(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("a JSON pointer starts with /");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static Object get(Object root, String pointer) {
        Object current = root;
        for (String token : tokens(pointer)) {
            current = child(current, token);
        }
        return current;
    }

    private static Object child(Object container, String token) {
        if (container instanceof Map<?, ?> map) {
            if (!map.containsKey(token)) {
                throw new IllegalArgumentException("no member \"" + token + "\"");
            }
            return map.get(token);
        }
        if (container instanceof List<?> list) {
            int index = index(token, list.size() - 1);
            return list.get(index);
        }
        throw new IllegalArgumentException("\"" + token + "\" is below a scalar");
    }

    @SuppressWarnings("unchecked")
    private static Object add(Object root, String pointer, Object value) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            return value;
        }
        Object parent = get(root, parentOf(tokens));
        String last = tokens.getLast();
        if (parent instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).put(last, value);
        } else if (parent instanceof List<?> list) {
            int index = last.equals("-") ? list.size() : index(last, list.size());
            ((List<Object>) list).add(index, value);
        } else {
            throw new IllegalArgumentException("the parent of " + pointer + " is a scalar");
        }
        return root;
    }

    private static Object remove(Object root, String pointer) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            return null;
        }
        Object parent = get(root, parentOf(tokens));
        String last = tokens.getLast();
        if (parent instanceof Map<?, ?> map) {
            map.remove(last);
        } else if (parent instanceof List<?> list) {
            list.remove(index(last, list.size() - 1));
        } else {
            throw new IllegalArgumentException("the parent of " + pointer + " is a scalar");
        }
        return root;
    }

    private static String parentOf(List<String> tokens) {
        var parent = new StringBuilder();
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            parent.append('/').append(token.replace("~", "~0").replace("/", "~1"));
        }
        return parent.toString();
    }

    private static int index(String token, int max) {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            throw new IllegalArgumentException("\"" + token + "\" is not an array index");
        }
        int index = Integer.parseInt(token);
        if (index > max) {
            throw new IllegalArgumentException("index " + index + " is out of bounds");
        }
        return index;
    }

    /** A deep, mutable copy. */
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(copy(item)));
            return copy;
        }
        return value;
    }
}
