package dev.anvil.machinery.config.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatsTest {

    @ParameterizedTest
    @ValueSource(strings = {"10.5.0.2/24", "0.0.0.0/0", "fd00::1/64", "::/0"})
    void cidr_valid(String text) {
        assertThat(Formats.cidr(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.5.0.2", "10.5.0.2/33", "fd00::1/129", "host/24", "10.5.0.2/x", "/24"})
    void cidr_invalid(String text) {
        assertThat(Formats.cidr(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "!10.0.0.0/8"})
    void subnetFilter_acceptsNegation(String text) {
        assertThat(Formats.subnetFilter(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "::1", "fe80::1"})
    void ip_valid(String text) {
        assertThat(Formats.ip(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.1.1", "dns.google", "1.1.1.1/32", "256.1.1.1"})
    void ip_invalid(String text) {
        assertThat(Formats.ip(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://1.2.3.4:6443", "http://cp.example:6443/"})
    void url_valid(String text) {
        assertThat(Formats.url(text, Set.of("http", "https"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4:6443", "ftp://host/", "https://", "https://bad host/"})
    void url_invalid(String text) {
        assertThat(Formats.url(text, Set.of("http", "https"))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "2m0s", "1h30m", "87600h", "1.5s", "100ms", "0"})
    void duration_valid(String text) {
        assertThat(Formats.duration(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "1d", "s", "1h 30m", "-"})
    void duration_invalid(String text) {
        assertThat(Formats.duration(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1073741824", "10GiB", "100 GB", "2GB", "1.5TB", "512M"})
    void size_valid(String text) {
        assertThat(Formats.size(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "big", "10 XB", "-1GB"})
    void size_invalid(String text) {
        assertThat(Formats.size(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {">= 100GB", "<1TB", "== 10GiB", "500GB"})
    void sizeMatcher_valid(String text) {
        assertThat(Formats.sizeMatcher(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"50%", "100%", "10GiB"})
    void sizeOrPercent_valid(String text) {
        assertThat(Formats.sizeOrPercent(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0%", "101%", "x%"})
    void sizeOrPercent_invalid(String text) {
        assertThat(Formats.sizeOrPercent(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cp-1", "node1.example.org", "a", "x.example.org."})
    void hostname_valid(String text) {
        assertThat(Formats.hostname(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-cp", "cp-", "under_score", "a..b", "spa ce"})
    void hostname_invalid(String text) {
        assertThat(Formats.hostname(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abcdef.0123456789abcdef"})
    void token_valid(String text) {
        assertThat(Formats.token(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABCDEF.0123456789abcdef", "abcde.0123456789abcdef", "abcdef0123456789abcdef"})
    void token_invalid(String text) {
        assertThat(Formats.token(text)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Xh5Qe0Jx2kMpa1cQvRDNHXpdtEEZpn8p9mfsg4uXKXw="})
    void base64OfLength_valid(String text) {
        assertThat(Formats.base64OfLength(text, 32)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c2hvcnQ=", "not base64!"})
    void base64OfLength_invalid(String text) {
        assertThat(Formats.base64OfLength(text, 32)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0o644", "0644", "644", "0755"})
    void fileMode_valid(String text) {
        assertThat(Formats.fileMode(text, true)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "0o999", "99999"})
    void fileMode_invalid(String text) {
        assertThat(Formats.fileMode(text, true)).isPresent();
    }
}
