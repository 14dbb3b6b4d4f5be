package dev.anvil.machinery.config.validate;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Syntax checks for the scalar formats a config uses. Each returns an empty Optional when the text is valid and a
 * short reason otherwise, so rules can put the reason into the problem they report. Nothing here resolves names or
 * touches the network.
 */
public final class Formats {

    private static final Pattern DURATION = Pattern.compile("[-+]?(0|(\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern SIZE = Pattern.compile("\\d+(\\.\\d+)?\\s*([kKmMgGtTpPeE]i?[bB]?|[bB])?");
    private static final Pattern SIZE_MATCHER = Pattern.compile("(>=|<=|>|<|==)?\\s*(.+)");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern OCTAL_MODE = Pattern.compile("(0o|0)?[0-7]{1,4}");

    private Formats() {
    }

    /** An upgrade trust key: a PEM public key of ECDSA P-256 (UpgradeTrustConfig). */
    public static Optional<String> upgradePublicKey(String text) {
        try {
            dev.anvil.machinery.upgrade.BundleSignature.publicKey(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    public static Optional<String> ip(String text) {
        return address(text) == null ? Optional.of("not an IP address") : Optional.empty();
    }

    /** Only the canonical forms: four decimal octets, or IPv6 (the JDK also takes BSD forms like 1.1.1). */
    private static InetAddress address(String text) {
        if (!text.contains(":") && !IPV4.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An address with a prefix length, e.g. {@code 10.5.0.2/24} or {@code fd00::1/64}. */
    public static Optional<String> cidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.of("not a CIDR (address/prefix)");
        }
        InetAddress address = address(text.substring(0, slash));
        if (address == null) {
            return Optional.of("not a CIDR: bad address");
        }
        int max = address instanceof Inet4Address ? 32 : 128;
        try {
            int prefix = Integer.parseInt(text.substring(slash + 1));
            return prefix >= 0 && prefix <= max ? Optional.empty()
                    : Optional.of("not a CIDR: prefix length must be 0.." + max);
        } catch (NumberFormatException e) {
            return Optional.of("not a CIDR: bad prefix length");
        }
    }

    /** A CIDR or a bare address (which Talos takes as a single-address prefix). */
    public static Optional<String> cidrOrIp(String text) {
        return text.contains("/") ? cidr(text) : ip(text).map(reason -> "not a CIDR or IP address");
    }

    /** A subnet filter as kubelet and etcd take them: a CIDR, optionally negated with {@code !}. */
    public static Optional<String> subnetFilter(String text) {
        return cidr(text.startsWith("!") ? text.substring(1) : text);
    }

    /** An absolute URL whose scheme is one of {@code schemes} and which has a host. */
    public static Optional<String> url(String text, Set<String> schemes) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme())) {
                return Optional.of("URL scheme must be one of " + schemes);
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return Optional.of("URL has no host");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("not a URL: " + e.getReason());
        }
    }

    /**
     * An address to listen on: {@code IP:port}, {@code [IPv6]:port}, or {@code :port} for every address; the port
     * 1..65535 (a fixed one: scrapers must know where to look).
     */
    public static Optional<String> listenAddress(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return Optional.of("not a listen address (IP:port or :port)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (!host.contains(":")) {
                return Optional.of("not a listen address: brackets are for IPv6 addresses");
            }
        } else if (host.contains(":")) {
            return Optional.of("not a listen address: write an IPv6 address in brackets ([::1]:9101)");
        }
        if (!host.isEmpty() && address(host) == null) {
            return Optional.of("not a listen address: the host must be an IP address");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return port >= 1 && port <= 65535 ? Optional.empty()
                    : Optional.of("not a listen address: the port must be 1..65535");
        } catch (NumberFormatException e) {
            return Optional.of("not a listen address: the port must be a number 1..65535");
        }
    }

    /** Go's duration syntax: {@code 30s}, {@code 2m0s}, {@code 1h30m}, {@code 87600h}. */
    public static Optional<String> duration(String text) {
        return DURATION.matcher(text).matches() ? Optional.empty()
                : Optional.of("not a duration (e.g. 30s, 5m, 1h30m)");
    }

    /** A byte size: a number of bytes or a number with a unit ({@code 10GiB}, {@code 100 GB}). */
    public static Optional<String> size(String text) {
        return SIZE.matcher(text.trim()).matches() ? Optional.empty()
                : Optional.of("not a size (e.g. 1073741824, 10GiB, 100 GB)");
    }

    /** A size or a percentage of the disk ({@code 50%}). */
    public static Optional<String> sizeOrPercent(String text) {
        String t = text.trim();
        if (t.startsWith("-")) {
            t = t.substring(1); // Talos reads a negative size as "the whole disk minus this much"
        }
        if (t.endsWith("%")) {
            try {
                double percent = Double.parseDouble(t.substring(0, t.length() - 1));
                return percent > 0 && percent <= 100 ? Optional.empty() : Optional.of("percentage must be 0..100");
            } catch (NumberFormatException e) {
                return Optional.of("not a percentage");
            }
        }
        return size(t);
    }

    /** A size with an optional comparison, as in the install disk selector: {@code >= 100GB}. */
    public static Optional<String> sizeMatcher(String text) {
        var m = SIZE_MATCHER.matcher(text.trim());
        return m.matches() ? size(m.group(2)) : Optional.of("not a size condition");
    }

    /** An RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
    public static Optional<String> hostname(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return Optional.of("a hostname has 1 to 253 characters");
        }
        String trimmed = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        for (String label : trimmed.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("\"" + label + "\" is not a valid hostname label");
            }
        }
        return Optional.empty();
    }

    /** A Kubernetes-style token {@code [a-z0-9]{6}.[a-z0-9]{16}}. */
    public static Optional<String> token(String text) {
        return TOKEN.matcher(text).matches() ? Optional.empty()
                : Optional.of("token must match [a-z0-9]{6}.[a-z0-9]{16}");
    }

    /** Standard base64 of exactly {@code bytes} bytes (cluster id, secrets). */
    public static Optional<String> base64OfLength(String text, int bytes) {
        try {
            // Talos writes the cluster id and secret in the URL-safe alphabet, secrets in the standard one
            boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
            int length = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text).length;
            return length == bytes ? Optional.empty()
                    : Optional.of("must be base64 of " + bytes + " bytes, got " + length);
        } catch (IllegalArgumentException e) {
            return Optional.of("not base64");
        }
    }

    /** Base64 in either alphabet: Talos before 1.5 wrote the cluster id URL-safe, later ones standard. */
    public static Optional<String> base64EitherAlphabetOfLength(String text, int bytes) {
        boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
        if (!urlSafe) {
            return base64OfLength(text, bytes);
        }
        try {
            int length = Base64.getUrlDecoder().decode(text).length;
            return length == bytes ? Optional.empty()
                    : Optional.of("must be base64 of " + bytes + " bytes, got " + length);
        } catch (IllegalArgumentException e) {
            return Optional.of("not base64");
        }
    }

    /** A Unix file mode written in octal ({@code 0o644}, {@code 0644}, {@code 644}) or decimal. */
    public static Optional<String> fileMode(String text, boolean isNumber) {
        if (OCTAL_MODE.matcher(text).matches()) {
            return Optional.empty();
        }
        if (isNumber && text.length() <= 9 && text.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(text) <= 07777 ? Optional.empty() : Optional.of("file mode out of range");
        }
        return Optional.of("not a file mode (e.g. 0o644)");
    }
}
