package dev.anvil.machinery.config.document;

/**
 * Anvil only ({@code apiVersion: anvil.dev/v1alpha1}): serve machined's metrics in Prometheus's text format over
 * plain HTTP at {@code http://listenAddress/metrics}. Without this document the node serves no metrics; applying or
 * removing it starts or stops the endpoint while the node runs.
 *
 * @param listenAddress {@code IP:port}, {@code [IPv6]:port} or {@code :port} (every address), e.g. {@code :9101}
 */
public record MetricsConfig(String listenAddress) implements ConfigDocument {
}
