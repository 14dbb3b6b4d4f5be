package dev.anvil.cosi.runtime.transform;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.LabelTerm;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.ReducedMetadata;
import dev.anvil.cosi.state.NotFoundException;

import java.util.List;

/**
 * Turns a change of an extra mapped input of a {@link QTransformController} into the primary inputs to transform
 * again (Go's qtransform mappers). Every pointer returned must be of the primary input's kind.
 */
@FunctionalInterface
public interface InputMapper {
    List<Pointer> map(QContext ctx, ReducedMetadata changed) throws Exception;

    /** A mapper that needs the changed resource itself; it is read first, and a resource gone maps to nothing. */
    @FunctionalInterface
    interface Typed<S extends Spec> {
        List<Pointer> map(QContext ctx, Resource<S> changed) throws Exception;
    }

    /** The primary of the same ID (Go's MapperSameID). */
    static InputMapper sameId(Kind primary) {
        return (ctx, changed) -> List.of(primary.pointer(changed.pointer().id()));
    }

    /**
     * The primary whose ID is the value of {@code label}, if the changed resource has the label and its labels match
     * every term (Go's MapExtractLabelValue).
     */
    static InputMapper labelValue(Kind primary, String label, LabelTerm... terms) {
        return (ctx, changed) -> {
            for (LabelTerm term : terms) {
                if (!term.matches(changed.labels())) {
                    return List.of();
                }
            }
            String id = changed.labels().get(label);
            return id == null ? List.of() : List.of(primary.pointer(id));
        };
    }

    /** Nothing: changes of the input are only read, never a reason to transform (Go's MapperNone). */
    static InputMapper none() {
        return (ctx, changed) -> List.of();
    }

    /** Reads the changed resource and hands it to {@code mapper} (Go's MapperFuncFromTyped). */
    static <S extends Spec> InputMapper typed(Class<S> spec, Typed<S> mapper) {
        return (ctx, changed) -> {
            Resource<S> resource;
            try {
                resource = ctx.get(changed.pointer(), spec);
            } catch (NotFoundException gone) {
                return List.of();
            }
            return mapper.map(ctx, resource);
        };
    }
}
