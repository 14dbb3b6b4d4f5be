package dev.anvil.machinery.pki;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Reads attribute values out of a certificate name. The JDK offers only a string form with escaping rules; the
 * roles of a Talos client certificate are its organizations, so we read them from the DER instead.
 */
public final class Names {

    private static final String ORGANIZATION = "2.5.4.10";
    private static final String COMMON_NAME = "2.5.4.3";

    private Names() {
    }

    /** The organizations of a name, in order (for a client certificate: its roles). */
    public static List<String> organizations(X500Principal name) {
        return values(name.getEncoded(), ORGANIZATION);
    }

    /** The first common name of a name in DER, or null. */
    static String commonName(byte[] name) {
        List<String> names = values(name, COMMON_NAME);
        return names.isEmpty() ? null : names.getFirst();
    }

    /** The organizations of a name in DER. */
    static List<String> organizations(byte[] name) {
        return values(name, ORGANIZATION);
    }

    private static List<String> values(byte[] name, String type) {
        List<String> values = new ArrayList<>();
        byte[] wanted = Der.oid(type);
        for (Der.Element rdn : Der.read(name).children()) {
            for (Der.Element attribute : rdn.children()) {
                List<Der.Element> pair = attribute.children();
                byte[] oid = Der.tlv(Der.OID, pair.get(0).content());
                if (java.util.Arrays.equals(oid, wanted)) {
                    // UTF8String, PrintableString and IA5String are all readable as UTF-8 here
                    values.add(new String(pair.get(1).content(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }
}
