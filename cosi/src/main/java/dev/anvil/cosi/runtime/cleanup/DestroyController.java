package dev.anvil.cosi.runtime.cleanup;

import dev.anvil.cosi.resource.Kind;
import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Pointer;
import dev.anvil.cosi.runtime.Input;
import dev.anvil.cosi.runtime.Output;
import dev.anvil.cosi.runtime.QContext;
import dev.anvil.cosi.runtime.QController;
import dev.anvil.cosi.runtime.QSettings;
import dev.anvil.cosi.runtime.ReducedMetadata;
import dev.anvil.cosi.state.NotFoundException;

import java.util.List;

/**
 * Destroys the unowned resources of one kind that are tearing down and have no finalizers left (cosi.md section 4,
 * "destroy"): a user tears a resource down, the controllers holding it release their finalizers, and the resource
 * disappears by itself. Resources owned by a controller are never touched: their owner destroys them. The type is a
 * shared output, so other controllers may still write it.
 */
public record DestroyController(Kind kind, int concurrency) implements QController {
    public DestroyController(Kind kind) {
        this(kind, 1);
    }

    @Override
    public String name() {
        return "Destroy[" + kind.type() + "]";
    }

    @Override
    public QSettings settings() {
        return QSettings.of(List.of(Input.qPrimary(kind.namespace(), kind.type())),
                List.of(Output.shared(kind.type()))).withConcurrency(concurrency);
    }

    @Override
    public void reconcile(QContext ctx, Pointer primary) {
        Metadata metadata;
        try {
            metadata = ctx.get(primary).metadata();
        } catch (NotFoundException gone) {
            return;
        }
        if (metadata.phase() == Phase.TEARING_DOWN && metadata.owner().isEmpty()
                && metadata.finalizers().isEmpty()) {
            ctx.destroy(primary, "");
        }
    }

    @Override
    public List<Pointer> mapInput(QContext ctx, ReducedMetadata changed) {
        return List.of();
    }
}
