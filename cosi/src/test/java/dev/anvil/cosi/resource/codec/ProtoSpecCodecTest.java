package dev.anvil.cosi.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.cosi.resource.Spec;
import dev.anvil.cosi.resource.codec.Samples.Address;
import dev.anvil.cosi.resource.codec.Samples.Family;
import dev.anvil.cosi.resource.codec.Samples.Scope;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoSpecCodecTest {
    record Small(@ProtoField(1) String address, @ProtoField(2) Family family, @ProtoField(3) Scope scope)
            implements Spec {
    }

    record Wire(@ProtoField(1) int n, @ProtoField(2) List<Integer> packed, @ProtoField(3) Map<String, String> m,
                @ProtoField(4) Duration d, @ProtoField(5) double x, @ProtoField(16) boolean b) implements Spec {
    }

    /** Wire with fields 1, 2 and 16 only: what an older reader of the same message knows. */
    record OldWire(@ProtoField(1) int n, @ProtoField(2) List<Integer> packed, @ProtoField(16) boolean b)
            implements Spec {
    }

    record Unnumbered(@ProtoField(1) String a, String b) implements Spec {
    }

    record Nested(@ProtoField(1) List<List<String>> lists) implements Spec {
    }

    static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    static final Wire WIRE = new Wire(-1, List.of(1, 300), Map.of("k", "v"), Duration.ofMillis(-1500), 1.0, true);

    /** Worked out by hand from the protobuf encoding guide (and checked with an independent encoder). */
    static final String WIRE_BYTES = "08 ff ff ff ff ff ff ff ff ff 01" // n=1 varint: int32 -1 in ten bytes
            + " 12 03 01 ac 02"                                          // packed=2 len 3: 1, 300
            + " 1a 06 0a 01 6b 12 01 76"                                 // m=3 entry {key=1 "k", value=2 "v"}
            + " 22 16 08 ff ff ff ff ff ff ff ff ff 01 10 80 b6 ca 91 fe ff ff ff ff 01" // d=4 {-1s, -5e8ns}
            + " 29 00 00 00 00 00 00 f0 3f"                              // x=5 fixed64 1.0
            + " 80 01 01";                                               // b=16: a two-byte tag

    @Test
    void encode_smallMessage_isProtobuf() {
        assertThat(HEX.formatHex(ProtoSpecCodec.encode(new Small("a", Family.INET6, Scope.LINK))))
                .isEqualTo("0a 01 61 10 0a 18 01");  // "a", AF_INET6 = 10 by @ProtoField, LINK by ordinal
        assertThat(HEX.formatHex(ProtoSpecCodec.encode(WIRE))).isEqualTo(WIRE_BYTES);
    }

    @Test
    void decode_handWrittenBytes_givesTheRecord() {
        assertThat(ProtoSpecCodec.decode(HEX.parseHex(WIRE_BYTES), Wire.class)).isEqualTo(WIRE);
    }

    @Test
    void encode_defaults_writeNothingButPresentReferences() {
        assertThat(ProtoSpecCodec.encode(new Wire(0, List.of(), Map.of(), null, 0.0, false))).isEmpty();
        assertThat(HEX.formatHex(ProtoSpecCodec.encode(new Small("", null, null)))).isEqualTo("0a 00");
        assertThat(ProtoSpecCodec.decode(new byte[0], Small.class)).isEqualTo(new Small(null, null, null));
    }

    @Test
    void decode_unknownFields_areSkipped() {
        assertThat(ProtoSpecCodec.decode(HEX.parseHex(WIRE_BYTES), OldWire.class))
                .isEqualTo(new OldWire(-1, List.of(1, 300), true));
    }

    @Test
    void decode_unpackedRepeatedNumbers_areAccepted() {
        // packed=2 as two separate varint fields, as proto2 writers send them
        assertThat(ProtoSpecCodec.decode(HEX.parseHex("10 01 10 ac 02"), OldWire.class))
                .isEqualTo(new OldWire(0, List.of(1, 300), false));
    }

    @Test
    void decode_mapEntryWithoutValue_getsTheDefault() {
        assertThat(ProtoSpecCodec.decode(HEX.parseHex("1a 03 0a 01 6b"), Wire.class).m()).containsEntry("k", "");
    }

    @Test
    void decode_malformedInput_isAClearError() {
        assertThatThrownBy(() -> ProtoSpecCodec.decode(HEX.parseHex("0a 05 61"), Small.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> ProtoSpecCodec.decode(HEX.parseHex("0a 01 61 10 03"), Small.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Family has no constant numbered 3");
        assertThatThrownBy(() -> ProtoSpecCodec.decode(HEX.parseHex("08 01"), Small.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address: expected wire type 2, got 0");
    }

    @Test
    void schema_withoutNumbersOrWithNestedLists_isRejected() {
        assertThatThrownBy(() -> ProtoSpecCodec.encode(new Unnumbered("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unnumbered.b: needs @ProtoField");
        assertThatThrownBy(() -> ProtoSpecCodec.encode(new Nested(List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Nested.lists: protobuf has no form");
    }

    @Test
    void nestedRecords_roundTrip() {
        var address = new Address("fe80::1/64", Family.INET6, Scope.LINK);
        record Holder(@ProtoField(1) Address one, @ProtoField(2) List<Address> many,
                      @ProtoField(3) Map<String, Address> byName) implements Spec {
        }
        Holder holder = new Holder(address, List.of(address, new Address(null, null, null)), Map.of("eth0", address));
        assertThat(ProtoSpecCodec.decode(ProtoSpecCodec.encode(holder), Holder.class)).isEqualTo(holder);
    }
}
