package dev.anvil.machinery.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import org.ietf.jgss.Oid;
import org.junit.jupiter.api.Test;

class DerTest {

    @Test
    void oid_encodesAsTheJdkDoes() {
        qt().forAll(integers().between(0, 2), integers().between(0, 39),
                lists().of(longs().between(0, Integer.MAX_VALUE)).ofSizeBetween(0, 6)).checkAssert((a, b, rest) -> {
                    var dotted = new StringBuilder(a + "." + b);
                    rest.forEach(arc -> dotted.append('.').append(arc));
                    try {
                        assertThat(Der.oid(dotted.toString())).isEqualTo(new Oid(dotted.toString()).getDER());
                    } catch (org.ietf.jgss.GSSException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void tlv_readsBackWhateverItsLength() {
        qt().forAll(integers().between(0, 70_000)).checkAssert(length -> {
            byte[] content = new byte[length];
            Der.Element element = Der.read(Der.octetString(content));
            assertThat(element.tag()).isEqualTo(Der.OCTET_STRING);
            assertThat(element.length()).isEqualTo(length);
        });
    }

    @Test
    void integer_isMinimalTwosComplement() {
        assertThat(Der.integer(BigInteger.valueOf(128))).containsExactly(0x02, 0x02, 0x00, 0x80);
        assertThat(Der.integer(0)).containsExactly(0x02, 0x01, 0x00);
    }

    @Test
    void read_refusesTruncatedAndTrailingBytes() {
        assertThatThrownBy(() -> Der.read(new byte[] {0x04, 0x05, 1})).hasMessage("truncated DER");
        assertThatThrownBy(() -> Der.read(new byte[] {0x05, 0x00, 0x00})).hasMessage(
                "trailing bytes after DER element");
        assertThatThrownBy(() -> Der.read(new byte[] {0x04, (byte) 0x84, 1, 1, 1, 1})).hasMessage("bad DER length");
    }
}
