package dev.anvil.machinery.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.anvil.machinery.config.document.ConfigDocument;
import dev.anvil.machinery.config.document.DocumentKinds;
import dev.anvil.machinery.config.document.V1Alpha1;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"controlplane.yaml", "worker.yaml"})
    void encode_ofLoadedFile_isStableAndEqualInMeaning(String file) {
        LoadResult first = ConfigLoader.load(Resources.config(file), false);
        assertThat(first.errors()).isEmpty();

        String encoded = ConfigEncoder.encode(first.config());
        LoadResult second = ConfigLoader.load(encoded, false);

        assertThat(second.errors()).isEmpty();
        assertThat(second.config()).isEqualTo(first.config());
        assertThat(ConfigEncoder.encode(second.config())).isEqualTo(encoded);
    }

    @Test
    void encode_ofRandomDocuments_decodesToEqualDocuments() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            var random = new RandomModel(seed);
            List<ConfigDocument> documents = new ArrayList<>();
            documents.add(withVersion(random.record(V1Alpha1.class)));
            for (var kind : DocumentKinds.modelled()) {
                ConfigDocument document = random.record(kind.type());
                if (!kind.named() || !document.id().isEmpty()) {
                    documents.add(document);
                }
            }
            var bundle = new ConfigBundle(documents);

            String encoded = ConfigEncoder.encode(bundle);
            LoadResult decoded = ConfigLoader.load(encoded, false);

            assertThat(decoded.errors()).as(encoded).isEmpty();
            assertThat(decoded.config()).as(encoded).isEqualTo(bundle);
            assertThat(ConfigEncoder.encode(decoded.config())).isEqualTo(encoded);
        });
    }

    private static V1Alpha1 withVersion(V1Alpha1 random) {
        return new V1Alpha1("v1alpha1", random.debug(), random.persist(), random.machine(), random.cluster());
    }
}
