package dev.anvil.machinery.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateRequestTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void create_parse_roundTripsWithNamesAndKey() {
        KeyPair keys = KeyType.ECDSA_P256.generate(RANDOM);
        String pem = CertificateRequest.create(new DistinguishedName("node-1", List.of("os:reader")),
                List.of("node-1"), List.of(InetAddress.ofLiteral("10.5.0.3"), InetAddress.ofLiteral("fd00::3")),
                keys, RANDOM);
        CertificateRequest request = CertificateRequest.parse(pem);
        assertThat(request.subject()).isEqualTo(new DistinguishedName("node-1", List.of("os:reader")));
        assertThat(request.publicKey()).isEqualTo(keys.getPublic());
        assertThat(request.dnsNames()).containsExactly("node-1");
        assertThat(request.ipAddresses()).containsExactly(InetAddress.ofLiteral("10.5.0.3"),
                InetAddress.ofLiteral("fd00::3"));
    }

    @Test
    void parse_ed25519AndNoNames() {
        KeyPair keys = KeyType.ED25519.generate(RANDOM);
        CertificateRequest request = CertificateRequest.parse(CertificateRequest.create(
                DistinguishedName.commonName("w"), List.of(), List.of(), keys, RANDOM));
        assertThat(request.subject().commonName()).isEqualTo("w");
        assertThat(request.dnsNames()).isEmpty();
    }

    @Test
    void parse_aChangedRequest_doesNotVerify() {
        KeyPair keys = KeyType.ECDSA_P256.generate(RANDOM);
        String pem = CertificateRequest.create(DistinguishedName.commonName("node-1"), List.of("node-1"), List.of(),
                keys, RANDOM);
        byte[] der = PemCodec.decode(pem).der();
        String text = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1).replace("node-1", "node-2");
        String changed = PemCodec.encode("CERTIFICATE REQUEST", text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CertificateRequest.parse(changed)).hasMessageContaining("signature");
        assertThatThrownBy(() -> CertificateRequest.parse(PemCodec.encode("CERTIFICATE", der)))
                .hasMessageContaining("not a certificate request");
    }

    @Test
    void parse_readsWhatOpensslWrites(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Path csr = dir.resolve("csr.pem");
        Process p = new ProcessBuilder("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj",
                "/O=os:impersonator/CN=talos-worker", "-addext", "subjectAltName=DNS:talos-worker,IP:10.5.0.9")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        CertificateRequest request = CertificateRequest.parse(Files.readString(csr));
        assertThat(request.subject()).isEqualTo(new DistinguishedName("talos-worker", List.of("os:impersonator")));
        assertThat(request.dnsNames()).containsExactly("talos-worker");
        assertThat(request.ipAddresses()).containsExactly(InetAddress.ofLiteral("10.5.0.9"));
        assertThat(Base64.getEncoder().encodeToString(request.publicKey().getEncoded())).isNotEmpty();
    }
}
