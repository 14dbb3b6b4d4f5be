package dev.anvil.cosi.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.cosi.resource.Metadata;
import dev.anvil.cosi.resource.Phase;
import dev.anvil.cosi.resource.Version;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProtoMetadataTest {
    static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    static final Instant ONE = Instant.ofEpochSecond(1);
    static final Metadata MD = new Metadata("ns", "t", "i", Version.of(1), "", Phase.RUNNING, ONE, ONE,
            List.of("f"), new TreeMap<>(Map.of("a", "b")), new TreeMap<>());

    /** cosi.resource.Metadata, by hand: the empty owner and the empty annotations are not written. */
    static final String MD_BYTES = "0a 02 6e 73"   // namespace=1 "ns"
            + " 12 01 74"                          // type=2 "t"
            + " 1a 01 69"                          // id=3 "i"
            + " 22 01 31"                          // version=4 "1"
            + " 32 07 72 75 6e 6e 69 6e 67"        // phase=6 "running"
            + " 3a 02 08 01"                       // created=7 Timestamp{seconds=1}
            + " 42 02 08 01"                       // updated=8 Timestamp{seconds=1}
            + " 4a 01 66"                          // finalizers=9 "f"
            + " 52 06 0a 01 61 12 01 62";          // labels=10 entry {key=1 "a", value=2 "b"}

    @Test
    void encode_isTheCosiResourceMetadataMessage() {
        assertThat(HEX.formatHex(ProtoMetadata.encode(MD))).isEqualTo(MD_BYTES);
    }

    @Test
    void decode_handWrittenBytes_givesTheMetadata() {
        Metadata decoded = ProtoMetadata.decode(HEX.parseHex(MD_BYTES));
        assertThat(decoded).isEqualTo(MD);
        assertThat(decoded.created()).isEqualTo(ONE);
    }

    @Test
    void decode_unknownFields_areSkipped() {
        // field 12 varint and field 13 length-delimited, from some future version of the message
        assertThat(ProtoMetadata.decode(HEX.parseHex(MD_BYTES + " 60 01 6a 01 78"))).isEqualTo(MD);
    }

    @Test
    void decode_withoutPhase_isRejected() {
        assertThatThrownBy(() -> ProtoMetadata.decode(HEX.parseHex("22 01 31")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown resource phase");
    }
}
