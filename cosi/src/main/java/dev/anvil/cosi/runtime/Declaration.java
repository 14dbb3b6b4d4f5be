package dev.anvil.cosi.runtime;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Pointer;

import java.util.List;

/**
 * What one controller declared, as the access checks see it. The inputs may be replaced while the controller runs
 * (by {@link ReconcileContext#updateInputs}), so they are read through a volatile field: a check sees either the old
 * or the new set, never a mix.
 */
final class Declaration {
    private final String name;
    private final List<Output> outputs;
    private volatile List<Input> inputs;

    Declaration(String name, List<Input> inputs, List<Output> outputs) {
        this.name = name;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    String name() {
        return name;
    }

    List<Input> inputs() {
        return inputs;
    }

    List<Output> outputs() {
        return outputs;
    }

    void inputs(List<Input> replaced) {
        inputs = List.copyOf(replaced);
    }

    boolean isOutput(String type) {
        for (Output output : outputs) {
            if (output.type().equals(type)) {
                return true;
            }
        }
        return false;
    }

    void checkWrite(Pointer pointer) {
        if (!isOutput(pointer.type())) {
            throw denied("write", pointer, "its type is not a declared output");
        }
    }

    void checkGet(Pointer pointer) {
        if (isOutput(pointer.type())) {
            return;
        }
        for (Input input : inputs) {
            if (input.covers(pointer)) {
                return;
            }
        }
        throw denied("read", pointer, "it is neither an input nor an output");
    }

    void checkList(Kind kind) {
        if (isOutput(kind.type())) {
            return;
        }
        for (Input input : inputs) {
            if (input.id() == null && input.resourceKind().equals(kind)) {
                return;
            }
        }
        throw new AccessDeniedException("controller \"" + name + "\" may not list " + kind
                + ": no input covers the whole kind and it is not an output");
    }

    void checkFinalizers(Pointer pointer) {
        for (Input input : inputs) {
            if (input.covers(pointer) && input.kind().mayChangeFinalizers()) {
                return;
            }
        }
        throw denied("change finalizers of", pointer, "it is not a strong, q-primary or q-mapped input");
    }

    private AccessDeniedException denied(String verb, Pointer pointer, String why) {
        return new AccessDeniedException("controller \"" + name + "\" may not " + verb + " " + pointer + ": " + why);
    }
}
