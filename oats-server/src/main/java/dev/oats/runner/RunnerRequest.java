package dev.oats.runner;

import dev.oats.config.OatsConfig;
import dev.oats.telemetry.Telemetry;
import java.util.Map;

/**
 * What a runner factory gets.
 *
 * @param name {@code local} or {@code kubernetes}
 * @param service the server the runner runs for
 * @param telemetry the server's tracing, for the runs and Jobs the runner starts
 */
public record RunnerRequest(
    String name,
    OatsConfig config,
    Map<String, String> environment,
    RunnerHost service,
    Telemetry telemetry) {

  /** A request without tracing. */
  public RunnerRequest(
      String name, OatsConfig config, Map<String, String> environment, RunnerHost service) {
    this(name, config, environment, service, Telemetry.disabled());
  }
}
