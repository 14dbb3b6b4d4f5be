package dev.anvil.cosi.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Resource;
import dev.anvil.cosi.resource.codec.Samples.Everything;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** decode(encode(x)) == x for generated specs holding every supported type, and for generated metadata. */
class RoundTripTest {

    @Test
    void yaml_spec() {
        qt().forAll(Generators.EVERYTHING).checkAssert(spec ->
                assertThat(ResourceYaml.decodeSpec(ResourceYaml.encodeSpec(spec), Everything.class)).isEqualTo(spec));
    }

    @Test
    void yaml_resource() {
        qt().forAll(Generators.METADATA, Generators.EVERYTHING).checkAssert((md, spec) -> {
            Resource<Everything> decoded = ResourceYaml.decode(ResourceYaml.encode(new Resource<>(md, spec)),
                    Everything.class);
            assertThat(decoded).isEqualTo(new Resource<>(md, spec));
            assertThat(decoded.metadata().created()).isEqualTo(md.created().truncatedTo(ChronoUnit.SECONDS));
        });
    }

    @Test
    void proto_spec() {
        qt().forAll(Generators.EVERYTHING).checkAssert(spec ->
                assertThat(ProtoSpecCodec.decode(ProtoSpecCodec.encode(spec), Everything.class)).isEqualTo(spec));
    }

    @Test
    void proto_metadata() {
        qt().forAll(Generators.METADATA).checkAssert(md -> {
            Metadata decoded = ProtoMetadata.decode(ProtoMetadata.encode(md));
            assertThat(decoded).isEqualTo(md);
            assertThat(decoded.created()).isEqualTo(md.created());
            assertThat(decoded.updated()).isEqualTo(md.updated());
            assertThat(decoded.finalizers()).isEqualTo(md.finalizers());
        });
    }
}
