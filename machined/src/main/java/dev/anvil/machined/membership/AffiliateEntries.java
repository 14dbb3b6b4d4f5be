package dev.anvil.machined.membership;

import com.google.protobuf.ByteString;
import dev.anvil.api.membership.AffiliateEntry;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.machinery.resources.cluster.Affiliate;

import java.time.Duration;
import java.util.List;

/** Registry entries as the membership exchange carries them: the affiliate's spec in protobuf, and its time left. */
public final class AffiliateEntries {
    private AffiliateEntries() {
    }

    public static List<AffiliateEntry> encode(List<AffiliateRegistry.Entry> entries) {
        return entries.stream().map(e -> AffiliateEntry.newBuilder()
                .setSpec(ByteString.copyFrom(ProtoSpecCodec.encode(e.affiliate())))
                .setTtlMillis(e.ttl().toMillis()).build()).toList();
    }

    /** Fails on an affiliate that does not decode or names no node. */
    public static List<AffiliateRegistry.Entry> decode(List<AffiliateEntry> entries) {
        return entries.stream().map(e -> {
            Affiliate affiliate = ProtoSpecCodec.decode(e.getSpec().toByteArray(), Affiliate.class);
            if (affiliate.nodeId() == null || affiliate.nodeId().isEmpty()) {
                throw new IllegalArgumentException("an affiliate without a node ID");
            }
            return new AffiliateRegistry.Entry(affiliate, Duration.ofMillis(e.getTtlMillis()));
        }).toList();
    }
}
