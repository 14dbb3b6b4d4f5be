package dev.anvil.cosi.runtime.conformance;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.ProtoField;

/** The resource types the runtime conformance controllers work on (numbered, so they can cross the wire). */
public final class TestResources {
    public static final String INT = "test.Int";
    public static final String STR = "test.Str";
    public static final String SENTENCE = "test.Sentence";

    public record IntSpec(@ProtoField(1) int value) implements Spec {
    }

    public record StrSpec(@ProtoField(1) String value) implements Spec {
    }

    public record SentenceSpec(@ProtoField(1) String value) implements Spec {
    }

    private TestResources() {
    }

    public static Resource<IntSpec> newInt(String namespace, String id, int value) {
        return Resource.of(new Pointer(namespace, INT, id), new IntSpec(value));
    }

    public static Resource<StrSpec> newStr(String namespace, String id, String value) {
        return Resource.of(new Pointer(namespace, STR, id), new StrSpec(value));
    }

    public static Resource<SentenceSpec> newSentence(String namespace, String id, String value) {
        return Resource.of(new Pointer(namespace, SENTENCE, id), new SentenceSpec(value));
    }

    public static Pointer intPointer(String namespace, String id) {
        return new Pointer(namespace, INT, id);
    }

    public static Pointer strPointer(String namespace, String id) {
        return new Pointer(namespace, STR, id);
    }

    public static Kind ints(String namespace) {
        return new Kind(namespace, INT);
    }

    public static Kind strs(String namespace) {
        return new Kind(namespace, STR);
    }

    public static Kind sentences(String namespace) {
        return new Kind(namespace, SENTENCE);
    }

    /** The value of an Int, Str or Sentence resource, as text. */
    public static String valueOf(Resource<?> resource) {
        return switch (resource.spec()) {
            case IntSpec i -> Integer.toString(i.value());
            case StrSpec s -> s.value();
            case SentenceSpec s -> s.value();
            default -> throw new IllegalArgumentException("not a test resource: " + resource);
        };
    }
}
