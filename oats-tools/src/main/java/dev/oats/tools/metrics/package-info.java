/**
 * Metrics tools: {@code metrics_fetcher} over the Prometheus HTTP API, with summaries an engineer
 * reads (per series last, min, max, mean and trend; alerts; scrape targets). {@link
 * dev.oats.tools.metrics.MetricsTools#offers} is the entry point.
 */
package dev.oats.tools.metrics;
