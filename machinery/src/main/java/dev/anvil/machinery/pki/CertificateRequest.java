package dev.anvil.machinery.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A PKCS#10 certificate signing request (RFC 2986), as a node sends one to trustd: a subject, a public key, and the
 * subject alternative names asked for (an extensionRequest attribute), signed by the key's owner. {@link #parse}
 * checks that signature, so whoever sent a parsed request holds its key.
 */
public record CertificateRequest(DistinguishedName subject, PublicKey publicKey, List<String> dnsNames,
        List<InetAddress> ipAddresses) {
    private static final String EXTENSION_REQUEST = "1.2.840.113549.1.9.14";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String PEM_TYPE = "CERTIFICATE REQUEST";

    public CertificateRequest {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /** The request for {@code keys}' public key, signed with its private key, in PEM. */
    public static String create(DistinguishedName subject, List<String> dnsNames, List<InetAddress> ipAddresses,
            KeyPair keys, SecureRandom random) {
        List<byte[]> names = new ArrayList<>();
        for (String dns : dnsNames) {
            names.add(Der.tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
        }
        for (InetAddress ip : ipAddresses) {
            names.add(Der.tlv(0x87, ip.getAddress()));
        }
        byte[] sans = Der.sequence(Der.oid(SUBJECT_ALT_NAME), Der.octetString(Der.sequence(names)));
        byte[] attributes = names.isEmpty() ? Der.tlv(0xa0, new byte[0])
                : Der.tlv(0xa0, Der.sequence(Der.oid(EXTENSION_REQUEST), Der.set(Der.sequence(sans))));
        byte[] info = Der.sequence(Der.integer(0), subject.encode(), keys.getPublic().getEncoded(), attributes);
        KeyType signer = KeyType.of(keys.getPrivate());
        try {
            Signature signature = Signature.getInstance(signer.signatureAlgorithm());
            signature.initSign(keys.getPrivate(), random);
            signature.update(info);
            return PemCodec.encode(PEM_TYPE, Der.sequence(info, signer.signatureAlgorithmIdentifier(),
                    Der.bitString(signature.sign())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing a certificate request failed: " + e.getMessage(), e);
        }
    }

    /** Reads a request in PEM and checks its signature; IllegalArgumentException says what is wrong. */
    public static CertificateRequest parse(String pem) {
        PemCodec.Block block = PemCodec.decode(pem);
        if (!block.type().equals(PEM_TYPE) && !block.type().equals("NEW " + PEM_TYPE)) {
            throw new IllegalArgumentException("not a certificate request: PEM block " + block.type());
        }
        List<Der.Element> parts = Der.read(block.der()).expect(Der.SEQUENCE, "certificate request").children();
        if (parts.size() != 3) {
            throw new IllegalArgumentException("a certificate request has 3 parts, not " + parts.size());
        }
        Der.Element info = parts.get(0).expect(Der.SEQUENCE, "request info");
        List<Der.Element> fields = info.children();
        if (fields.size() < 3) {
            throw new IllegalArgumentException("the request info is incomplete");
        }
        byte[] subject = whole(fields.get(1).expect(Der.SEQUENCE, "subject"));
        byte[] keyInfo = whole(fields.get(2).expect(Der.SEQUENCE, "public key"));
        PublicKey key;
        try {
            key = KeyFactory.getInstance(PemCodec.jdkAlgorithm(fields.get(2).children().getFirst()))
                    .generatePublic(new X509EncodedKeySpec(keyInfo));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the public key does not parse: " + e.getMessage(), e);
        }
        verify(whole(info), parts.get(1), parts.get(2), key);
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        if (fields.size() > 3) {
            names(fields.get(3), dns, ips);
        }
        return new CertificateRequest(new DistinguishedName(Names.commonName(subject), Names.organizations(subject)),
                key, dns, ips);
    }

    private static void verify(byte[] info, Der.Element algorithm, Der.Element signatureBits, PublicKey key) {
        String oid = HexFormat.of().formatHex(algorithm.expect(Der.SEQUENCE, "signature algorithm").children()
                .getFirst().expect(Der.OID, "signature algorithm").content());
        String jdk = switch (oid) {
            case "2a8648ce3d040302" -> "SHA256withECDSA";
            case "2a8648ce3d040303" -> "SHA384withECDSA";
            case "2b6570" -> "Ed25519";
            case "2a864886f70d01010b" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported signature algorithm (OID hex " + oid + ")");
        };
        byte[] bits = signatureBits.expect(Der.BIT_STRING, "signature").content();
        try {
            Signature signature = Signature.getInstance(jdk);
            signature.initVerify(key);
            signature.update(info);
            if (bits.length < 1 || !signature.verify(bits, 1, bits.length - 1)) {
                throw new IllegalArgumentException("the request's signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the request's signature does not verify: " + e.getMessage(), e);
        }
    }

    /** The subject alternative names of the extensionRequest attribute, if there is one. */
    private static void names(Der.Element attributes, List<String> dns, List<InetAddress> ips) {
        for (Der.Element attribute : attributes.children()) {
            List<Der.Element> pair = attribute.children();
            if (!java.util.Arrays.equals(whole(pair.get(0)), Der.oid(EXTENSION_REQUEST))) {
                continue;
            }
            for (Der.Element extensions : pair.get(1).children()) {
                for (Der.Element extension : extensions.children()) {
                    List<Der.Element> e = extension.children();
                    if (!java.util.Arrays.equals(whole(e.get(0)), Der.oid(SUBJECT_ALT_NAME))) {
                        continue;
                    }
                    byte[] value = e.getLast().expect(Der.OCTET_STRING, "subject alternative names").content();
                    for (Der.Element name : Der.read(value).children()) {
                        switch (name.tag()) {
                            case 0x82 -> dns.add(new String(name.content(), StandardCharsets.US_ASCII));
                            case 0x87 -> ips.add(address(name.content()));
                            default -> { }
                        }
                    }
                }
            }
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
        }
    }

    /** An element with its header, as it was read (DER has one encoding, so re-encoding gives the same bytes). */
    private static byte[] whole(Der.Element element) {
        return Der.tlv(element.tag(), element.content());
    }
}
