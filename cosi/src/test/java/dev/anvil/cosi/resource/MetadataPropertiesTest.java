package dev.anvil.cosi.resource;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

/** Properties of metadata equality and of the small value types it is made of. */
class MetadataPropertiesTest {
    private static final Gen<List<String>> FINALIZERS =
            lists().of(strings().basicLatinAlphabet().ofLengthBetween(1, 6)).ofSizeBetween(0, 6);

    @Test
    void equality_ignoresFinalizerOrderAndTimes_butNotFinalizerCount() {
        qt().forAll(FINALIZERS, integers().between(0, 1000), longs().between(0, 1_000_000))
                .checkAssert((finalizers, seed, millis) -> {
                    Metadata m = Metadata.of("ns", "Things.test.anvil.dev", "id").withFinalizers(finalizers);
                    List<String> shuffled = new ArrayList<>(finalizers);
                    Collections.shuffle(shuffled, new java.util.Random(seed));
                    Metadata other = m.withFinalizers(shuffled).withTimes(Instant.ofEpochMilli(millis), Instant.EPOCH);
                    assertThat(other).isEqualTo(m);
                    assertThat(other.hashCode()).isEqualTo(m.hashCode());
                    List<String> more = new ArrayList<>(finalizers);
                    more.add("extra");
                    assertThat(m.withFinalizers(more)).isNotEqualTo(m);
                });
    }

    @Test
    void finalizers_addAndRemove_behaveAsASet() {
        qt().forAll(FINALIZERS, FINALIZERS).checkAssert((start, added) -> {
            Metadata m = Metadata.of("ns", "Things.test.anvil.dev", "id").withFinalizersAdded(start)
                    .withFinalizersAdded(added);
            assertThat(m.finalizers()).doesNotHaveDuplicates().containsAll(start).containsAll(added);
            List<String> left = m.withFinalizersRemoved(added).finalizers();
            assertThat(left).allSatisfy(f -> assertThat(added).doesNotContain(f));
            assertThat(m.withFinalizersAdded(added)).isSameAs(m);
        });
    }

    @Test
    void version_textRoundTrips() {
        qt().forAll(longs().between(0, Long.MAX_VALUE)).checkAssert(v ->
                assertThat(Version.parse(Version.of(v).toString())).isEqualTo(Version.of(v)));
        assertThat(Version.UNDEFINED.toString()).isEqualTo("undefined");
        assertThat(Version.UNDEFINED.next()).isEqualTo(Version.of(1));
        assertThatThrownBy(() -> Version.parse("v1")).hasMessageContaining("not a resource version");
    }

    @Test
    void labels_areSortedAndImmutable() {
        Metadata m = Metadata.of("ns", "Things.test.anvil.dev", "id").withLabel("b", "2").withLabel("a", "1");
        assertThat(m.labels().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> m.labels().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(m.withLabel("a", "1")).isSameAs(m);
    }

    @Test
    void numericLabels_understandUnitPrefixes() {
        assertThat(NumericLabel.parse("10kg")).isEqualTo(10_000.0);
        assertThat(NumericLabel.parse("4Gi")).isEqualTo(4.0 * (1L << 30));
        assertThat(NumericLabel.parse("7")).isEqualTo(7.0);
        assertThat(NumericLabel.parse("heavy")).isNull();
        assertThat(LabelTerm.of("w", LabelTerm.Op.LT_NUMERIC, "1k").inverted().matches(java.util.Map.of()))
                .as("an ordering term on a missing key stays false when inverted").isFalse();
        assertThat(LabelTerm.equal("w", "x").inverted().matches(java.util.Map.of())).isTrue();
    }
}
