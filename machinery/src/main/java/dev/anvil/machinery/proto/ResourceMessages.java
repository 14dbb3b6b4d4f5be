package dev.anvil.machinery.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.anvil.api.cosi.resource.Spec;
import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.Tombstone;
import dev.anvil.cosi.resource.codec.ProtoMetadata;
import dev.anvil.cosi.resource.codec.ProtoSpecCodec;
import dev.anvil.cosi.resource.codec.ResourceYaml;
import dev.anvil.machinery.resources.RawSpec;
import dev.anvil.machinery.resources.ResourceTypes;

/**
 * Resources as the {@code cosi.resource.Resource} message: metadata, and the spec both as protobuf bytes (what
 * programs decode) and as YAML (what people read). A tombstone travels without a spec, and a resource without a spec
 * decodes as a tombstone. Metadata goes through the cosi module's {@link ProtoMetadata}, so there is one encoding of
 * versions, phases and times.
 */
public final class ResourceMessages {
    private ResourceMessages() {
    }

    public static dev.anvil.api.cosi.resource.Resource toProto(Resource<?> resource) {
        var message = dev.anvil.api.cosi.resource.Resource.newBuilder().setMetadata(toProto(resource.metadata()));
        switch (resource.spec()) {
            case RawSpec raw -> message.setSpec(Spec.newBuilder().setProtoSpec(raw.protoSpec())
                    .setYamlSpec(raw.yamlSpec()));
            case Tombstone t -> {
                // a reference only: no spec on the wire
            }
            case dev.anvil.cosi.resource.Spec spec -> message.setSpec(Spec.newBuilder()
                    .setProtoSpec(ByteString.copyFrom(ProtoSpecCodec.encode(spec)))
                    .setYamlSpec(ResourceYaml.encodeSpec(spec)));
        }
        return message.build();
    }

    /** Decodes a resource; malformed metadata or a spec that does not fit its type is an IllegalArgumentException. */
    public static Resource<?> fromProto(dev.anvil.api.cosi.resource.Resource message, ResourceTypes types) {
        if (!message.hasMetadata()) {
            throw new IllegalArgumentException("a resource needs metadata");
        }
        Metadata metadata = fromProto(message.getMetadata());
        if (!message.hasSpec()) {
            return Resource.tombstone(metadata);
        }
        Spec spec = message.getSpec();
        return new Resource<>(metadata, types.decode(metadata.type(), spec.getProtoSpec(), spec.getYamlSpec()));
    }

    public static dev.anvil.api.cosi.resource.Metadata toProto(Metadata metadata) {
        try {
            return dev.anvil.api.cosi.resource.Metadata.parseFrom(ProtoMetadata.encode(metadata));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("ProtoMetadata wrote bytes protobuf cannot read", e);
        }
    }

    public static Metadata fromProto(dev.anvil.api.cosi.resource.Metadata message) {
        return ProtoMetadata.decode(message.toByteArray());
    }
}
