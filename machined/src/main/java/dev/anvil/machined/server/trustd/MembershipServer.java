package dev.anvil.machined.server.trustd;

import dev.anvil.api.membership.MembershipServiceGrpc;
import dev.anvil.api.membership.RegisterRequest;
import dev.anvil.api.membership.RegisterResponse;
import dev.anvil.machined.membership.AffiliateEntries;
import dev.anvil.machined.membership.AffiliateRegistry;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Anvil's {@code anvil.membership.MembershipService/Register} on a control plane's trustd port: takes the
 * affiliates a node sends (its own, and a control plane's what it learned), and answers with every affiliate this
 * node holds. Refused with FAILED_PRECONDITION while the node's config disables discovery.
 */
public final class MembershipServer extends MembershipServiceGrpc.MembershipServiceImplBase {
    private final AffiliateRegistry registry;
    private final BooleanSupplier enabled;
    private final Duration ttl;
    private final Runnable changed;

    /**
     * @param ttl     how long this node's own affiliate holds at the caller
     * @param changed told after what a caller sent has been taken (the registry then publishes)
     */
    public MembershipServer(AffiliateRegistry registry, BooleanSupplier enabled, Duration ttl, Runnable changed) {
        this.registry = registry;
        this.enabled = enabled;
        this.ttl = ttl;
        this.changed = changed;
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
        if (!enabled.getAsBoolean()) {
            response.onError(Status.FAILED_PRECONDITION.withDescription("cluster discovery is disabled on this node"
                    + " (cluster.discovery.enabled)").asRuntimeException());
            return;
        }
        try {
            AffiliateEntries.decode(request.getAffiliatesList()).forEach(e -> registry.learn(e.affiliate(), e.ttl()));
        } catch (RuntimeException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("an affiliate does not decode: "
                    + e.getMessage()).asRuntimeException());
            return;
        }
        changed.run();
        response.onNext(RegisterResponse.newBuilder()
                .addAllAffiliates(AffiliateEntries.encode(registry.entries(ttl))).build());
        response.onCompleted();
    }
}
