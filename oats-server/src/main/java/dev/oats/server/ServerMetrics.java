package dev.oats.server;

import dev.oats.event.AgentEvent;
import dev.oats.event.Progress;
import dev.oats.store.InvestigationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, all derived from investigation events: investigations by status
 * and outcome, turns, tool calls by tool and status, model latency and tokens by kind.
 */
public final class ServerMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<InvestigationStatus, Long> byStatus = new EnumMap<>(InvestigationStatus.class);
  private final Supplier<Map<InvestigationStatus, Long>> counts;
  private final DistributionSummary turns;
  private final Timer modelLatency;

  public ServerMetrics(Supplier<Map<InvestigationStatus, Long>> counts) {
    this.counts = counts;
    for (InvestigationStatus status : InvestigationStatus.values()) {
      Gauge.builder("oats_investigations", byStatus, m -> m.getOrDefault(status, 0L))
          .description("Investigations in the store, by status")
          .tag("status", lower(status))
          .register(registry);
    }
    turns =
        DistributionSummary.builder("oats_investigation_turns")
            .description("Turns used by runs that ended (the first, and each follow-up)")
            .serviceLevelObjectives(1, 2, 3, 5, 8, 10, 15, 20, 30)
            .register(registry);
    modelLatency =
        Timer.builder("oats_llm_latency")
            .description("Latency of model calls")
            .serviceLevelObjectives(
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60))
            .register(registry);
  }

  /**
   * Counts what an event says, with the investigation's progress after it (the one fold of its
   * log). Call it once per stored event.
   */
  public void record(AgentEvent event, Progress after) {
    switch (event) {
      case AgentEvent.Observation o ->
          Counter.builder("oats_tool_calls")
              .description("Tool calls by tool and status")
              .tags("tool", o.tool(), "status", o.status())
              .register(registry)
              .increment();
      case AgentEvent.ModelUsage u -> {
        modelLatency.record(Duration.ofMillis(u.latencyMs()));
        tokens("input", u.usage().inputTokens());
        tokens("output", u.usage().outputTokens());
        tokens("cache_read", u.usage().cacheReadTokens());
        tokens("cache_write", u.usage().cacheWriteTokens());
      }
      case AgentEvent.Finished f -> ended("succeeded", after.runTurns());
      case AgentEvent.Failed f ->
          ended(
              f.kind() == AgentEvent.FailureKind.CANCELLED ? "cancelled" : "failed",
              after.runTurns());
      default -> {}
    }
  }

  /** One Alertmanager alert taken in, by what became of it (started, capped, filtered...). */
  public void alert(String outcome) {
    Counter.builder("oats_alerts")
        .description("Alertmanager alerts received, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  private void tokens(String kind, long count) {
    Counter.builder("oats_llm_tokens")
        .description("Model tokens by kind")
        .tag("kind", kind)
        .register(registry)
        .increment(count);
  }

  private void ended(String outcome, int turnCount) {
    Counter.builder("oats_investigations_completed")
        .description("Investigations that ended, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    turns.record(turnCount);
  }

  /** The registry, for parts that keep meters of their own (notifications). */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition, with the status gauges read fresh from the store. */
  public String scrape() {
    synchronized (byStatus) {
      byStatus.clear();
      byStatus.putAll(counts.get());
    }
    return registry.scrape();
  }

  private static String lower(InvestigationStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
