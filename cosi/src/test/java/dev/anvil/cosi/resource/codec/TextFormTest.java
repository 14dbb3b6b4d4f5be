package dev.anvil.cosi.resource.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.cosi.resource.Bytes;
import dev.anvil.cosi.resource.Spec;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bytes components, and records that are text in YAML but messages in protobuf. */
class TextFormTest {
    /** A four-byte address written as dotted text, like Talos's netip.Addr. */
    @TextForm
    record Ip(@ProtoField(1) Bytes ip) {
        static Ip parse(String text) {
            String[] parts = text.split("\\.");
            if (parts.length != 4) {
                throw new IllegalArgumentException("four parts expected");
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return new Ip(Bytes.of(b));
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < ip.length(); i++) {
                s.append(i == 0 ? "" : ".").append(ip.byteAt(i) & 0xff);
            }
            return s.toString();
        }
    }

    record Route(@ProtoField(1) Ip gateway, @ProtoField(2) List<Ip> hops, @ProtoField(3) Optional<Ip> source,
                 @ProtoField(4) Bytes raw) implements Spec {
    }

    @TextForm
    record NoParser(@ProtoField(1) String s) {
    }

    record HoldsNoParser(@ProtoField(1) NoParser value) implements Spec {
    }

    static final Route ROUTE = new Route(Ip.parse("10.5.0.1"), List.of(Ip.parse("1.2.3.4")), Optional.empty(),
            Bytes.of(new byte[] {1, 2}));

    @Test
    void yaml_textFormIsOneScalar_bytesAreBase64() {
        assertThat(ResourceYaml.encodeSpec(ROUTE)).isEqualTo("""
                gateway: 10.5.0.1
                hops:
                    - 1.2.3.4
                raw: !!binary 'AQI='
                """);
        assertThat(ResourceYaml.decodeSpec(ResourceYaml.encodeSpec(ROUTE), Route.class)).isEqualTo(ROUTE);
    }

    @Test
    void proto_textFormIsItsMessage() {
        assertThat(HexFormat.ofDelimiter(" ").formatHex(ProtoSpecCodec.encode(ROUTE)))
                .isEqualTo("0a 06 0a 04 0a 05 00 01"   // gateway=1 {ip=1 bytes 10.5.0.1}
                        + " 12 06 0a 04 01 02 03 04"   // hops=2 {ip=1 bytes 1.2.3.4}
                        + " 22 02 01 02");             // raw=4 bytes
        assertThat(ProtoSpecCodec.decode(ProtoSpecCodec.encode(ROUTE), Route.class)).isEqualTo(ROUTE);
    }

    @Test
    void yaml_unparsableText_namesItsPath() {
        assertThatThrownBy(() -> ResourceYaml.decodeSpec("gateway: 10.5\n", Route.class))
                .hasMessageContaining("gateway").hasMessageContaining("four parts expected");
    }

    @Test
    void textFormWithoutParse_isRejected() {
        assertThatThrownBy(() -> ResourceYaml.encodeSpec(new HoldsNoParser(new NoParser("x"))))
                .hasMessageContaining("static parse(String)");
    }

    @Test
    void bytes_areCopiedAndCompareByContent() {
        byte[] source = {7};
        Bytes b = Bytes.of(source);
        source[0] = 8;
        assertThat(b).isEqualTo(Bytes.of(new byte[] {7})).hasSameHashCodeAs(Bytes.of(new byte[] {7}));
        assertThat(b.toByteArray()).containsExactly(7);
    }
}
