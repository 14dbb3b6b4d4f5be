package dev.anvil.machined.config;

import dev.anvil.machined.controllers.network.KernelCmdline;
import dev.anvil.machined.log.Log;
import dev.anvil.machinery.config.validate.ValidationMode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The machine config a node with none stored takes from its kernel command line, before it would wait in
 * maintenance mode (Talos's {@code talos.config=} and {@code talos.config.inline=}):
 * <ul>
 * <li>{@code anvil.config=http(s)://...}: fetched with GET; while that fails (the network may not be up yet, the
 * server may not answer yet) it is tried again after a pause that doubles from {@link Fetch#first} up to
 * {@link Fetch#most}, until {@link Fetch#giveUp} has passed;</li>
 * <li>{@code anvil.config.inline=BASE64}: the config itself, base64 (standard alphabet) of its gzip (Talos uses zstd,
 * which the JDK cannot read; {@code gzip -9 config.yaml | base64 -w0}); base64 of the plain YAML is accepted
 * too.</li>
 * </ul>
 * A config that loads and validates is stored, as if applied, and the node boots with it; from then on the stored
 * one is used and the command line no longer read. One that does not (or that cannot be fetched or decoded) is
 * reported through {@code problems} and the node goes to maintenance mode.
 */
public final class CmdlineConfig {
    public static final String URL_PARAM = "anvil.config";
    public static final String INLINE_PARAM = "anvil.config.inline";

    /** How long and how often a URL is tried. */
    public record Fetch(Duration first, Duration most, Duration giveUp, Duration timeout) {
        public static final Fetch DEFAULT = new Fetch(Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ofSeconds(10));
    }

    private CmdlineConfig() {
    }

    /**
     * The command line's config, stored and returned as {@link PersistedConfig.Valid}; {@link PersistedConfig.Absent}
     * when it names none, or when the one it names is no good (then {@code problems} has been told why).
     */
    public static PersistedConfig.Found acquire(KernelCmdline cmdline, PersistedConfig persisted, ValidationMode mode,
            Fetch fetch, Consumer<String> problems) throws IOException, InterruptedException {
        Optional<String> text;
        String source;
        List<String> inline = cmdline.all(INLINE_PARAM);
        List<String> urls = cmdline.all(URL_PARAM);
        try {
            if (!inline.isEmpty()) {
                source = INLINE_PARAM;
                text = Optional.of(decode(inline.getLast()));
            } else if (!urls.isEmpty()) {
                source = URL_PARAM + "=" + urls.getLast();
                text = fetch(urls.getLast(), fetch);
            } else {
                return new PersistedConfig.Absent();
            }
        } catch (IllegalArgumentException | IOException e) {
            problems.accept("the kernel command line's config: " + e.getMessage());
            return new PersistedConfig.Absent();
        }
        if (text.isEmpty()) {
            problems.accept("the kernel command line's config: " + source + " could not be fetched in "
                    + fetch.giveUp().toSeconds() + " s");
            return new PersistedConfig.Absent();
        }
        PersistedConfig.Found found = PersistedConfig.check(text.get(), mode);
        if (found instanceof PersistedConfig.Corrupt corrupt) {
            problems.accept("the kernel command line's config (" + source + ") is not valid: " + String.join("; ",
                    corrupt.errors().stream().map(Object::toString).toList()));
            return new PersistedConfig.Absent();
        }
        persisted.write(text.get());
        Log.info("stored the config of the kernel command line", "source", source);
        return found;
    }

    /** The inline parameter's config: base64 of gzip, or of the YAML itself. */
    static String decode(String value) throws IOException {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(INLINE_PARAM + " is not base64: " + e.getMessage(), e);
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** The body of a 200 answer, tried again with backoff; empty when none came before giving up. */
    static Optional<String> fetch(String url, Fetch fetch) throws InterruptedException {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(URL_PARAM + " must be an http or https URL: " + url);
        }
        long deadline = System.nanoTime() + fetch.giveUp().toNanos();
        Duration pause = fetch.first();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(fetch.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            while (true) {
                String failure;
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(fetch.timeout())
                            .GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    if (response.statusCode() == 200) {
                        return Optional.of(response.body());
                    }
                    failure = "HTTP " + response.statusCode();
                } catch (IOException e) {
                    failure = e.toString();
                }
                if (System.nanoTime() + pause.toNanos() - deadline > 0) {
                    return Optional.empty();
                }
                Log.info("fetching the config again", "url", url, "after", failure,
                        "in", pause.toMillis() + " ms");
                Thread.sleep(pause);
                pause = pause.multipliedBy(2).compareTo(fetch.most()) > 0 ? fetch.most() : pause.multipliedBy(2);
            }
        }
    }
}
