package dev.oats.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the loop runs.
 *
 * @param maxTurns turns before the investigation fails (the seed's 15)
 * @param deadline wall-clock time before it fails
 * @param contextBudget the most tokens a request may carry (the seed's 12,000)
 * @param maxOutputTokens the cap on each answer (the seed's 4,096)
 * @param temperature sampling temperature (the seed's 0)
 * @param protocol {@code native} tool calling or the seed's {@code text} protocol
 * @param repeatLimit identical repeated calls refused before the investigation fails
 * @param workspace where tools may write
 * @param childEnvironment the scrubbed environment for tools' child processes
 */
public record AgentSettings(
    int maxTurns,
    Duration deadline,
    int contextBudget,
    int maxOutputTokens,
    double temperature,
    String protocol,
    int repeatLimit,
    Path workspace,
    Map<String, String> childEnvironment) {

  public AgentSettings {
    if (maxTurns < 1) {
      throw new IllegalArgumentException("OATS_MAX_TURNS must be at least 1, not " + maxTurns);
    }
    if (contextBudget < 1_000) {
      throw new IllegalArgumentException(
          "OATS_CONTEXT_BUDGET must be at least 1000 tokens, not " + contextBudget);
    }
    Protocol.named(protocol);
    childEnvironment = Map.copyOf(childEnvironment);
  }
}
