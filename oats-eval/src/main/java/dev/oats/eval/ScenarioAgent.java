package dev.oats.eval;

import dev.oats.agent.Agent;
import dev.oats.agent.AgentSettings;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.FinishTool;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolRegistry;
import dev.oats.config.OatsConfig;
import dev.oats.eval.cluster.ScenarioCluster;
import dev.oats.eval.cluster.ScenarioPrometheus;
import dev.oats.eval.scenario.Scenario;
import dev.oats.model.ChatModel;
import dev.oats.redact.Redactor;
import dev.oats.tool.ToolProvider;
import dev.oats.tools.kube.KubeTools;
import dev.oats.tools.logs.LogTools;
import dev.oats.tools.metrics.MetricsTools;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent a scenario runs with, for {@code oats eval} and {@code oats demo}: only the tools bound
 * to the scenario's own cluster (and Prometheus, when it has metrics) plus {@code finish}, so a
 * live model can never reach the user's cluster, shell or files.
 */
public final class ScenarioAgent {

  private ScenarioAgent() {}

  /**
   * @param prometheus the scenario's Prometheus, or null when it has no metrics
   * @param work a scratch folder, the only file root the tools get
   */
  public static Agent create(
      OatsConfig config,
      Map<String, String> environment,
      ScenarioCluster cluster,
      ScenarioPrometheus prometheus,
      ChatModel model,
      Scenario scenario,
      Path work,
      Clock clock) {
    Map<String, String> settings = new HashMap<>();
    settings.put("OATS_FILE_ROOTS", work.toString());
    ToolRegistry.Builder registry = ToolRegistry.builder().add("builtin", new FinishTool());
    List<ToolProvider.Offer> offers = new ArrayList<>();
    offers.addAll(KubeTools.offers(settings, cluster.client()));
    offers.addAll(LogTools.offers(settings, Optional.of(cluster::client)));
    if (prometheus != null) {
      offers.addAll(MetricsTools.offers(Map.of("OATS_PROMETHEUS_URL", prometheus.url())));
    }
    for (ToolProvider.Offer offer : offers) {
      if (offer.isEnabled()) {
        registry.add("scenario", offer.tool());
      }
    }
    ToolExecutor executor =
        new ToolExecutor(
            registry.build(),
            Redactor.withKnownSecrets(config.secretValues(environment))::redact,
            ApprovalGate.NOBODY_TO_ASK,
            new ToolExecutor.Settings(config.toolOutputLimit(), config.toolTimeout(), false));
    AgentSettings base = Agent.settings(config, environment);
    AgentSettings settingsForScenario =
        new AgentSettings(
            scenario.maxTurns(),
            base.deadline(),
            base.contextBudget(),
            base.maxOutputTokens(),
            base.temperature(),
            base.protocol(),
            base.repeatLimit(),
            work,
            base.childEnvironment());
    return new Agent(config, model, executor, settingsForScenario, clock);
  }
}
