package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.store.InvestigationRecord;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent Job's JSON from the template is the Job {@link AgentJobSpec} builds, as fabric8 would
 * serialise it, whatever the goal holds; and a configuration the template cannot render leaves no
 * template (each Job then built as before), never a wrong Job.
 */
class AgentJobJsonTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private static KubernetesRunnerConfig config(String auth, String image) {
    Map<String, String> env = new HashMap<>();
    env.put("OATS_JOB_NAMESPACE", "oats");
    env.put("OATS_AGENT_AUTH", auth);
    env.put("AGENT_IMAGE", image);
    env.put("OATS_SERVER_URL", "http://oats.oats.svc:8000");
    return KubernetesRunnerConfig.from(env, Path.of("/nonexistent/namespace"));
  }

  private static InvestigationRecord record(String id, String goal, String namespace, int turns) {
    Instant at = Instant.parse("2026-12-07T12:00:00Z");
    return InvestigationRecord.pending(goal, namespace, "kubernetes", turns, at)
        .withId(id)
        .running("kubernetes", "oats-agent-run-" + id.substring(0, 8) + "-2", at);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "why is checkout-api crash-looping?",
        "quotes \" and \\ backslashes, tabs\t and\nnew lines\r\n",
        "control \u0000\u0001\u001f, unicode ünïcödé 日本語 \u2028 \uD83D\uDE80, html </script>",
        "@@oats-goal@@ @@oats-investigation-id@@ \"917364285\"",
        ""
      })
  void theTemplatesJsonIsTheBuiltJobsForAnyGoal(String goal) {
    for (String auth : new String[] {"pod-token", "secret"}) {
      KubernetesRunnerConfig config = config(auth, "registry.example/oats-agent:1.2.3");
      AgentJobJson template = AgentJobJson.of(config, JSON);
      assertThat(template).as("a template for %s", auth).isNotNull();
      InvestigationRecord record =
          record("9f3a2b1c-0000-4000-8000-00000000abcd", goal, "payments-prod", 42);

      String json = template.json(record);

      Job built = AgentJobSpec.job(config, record, Map.of());
      assertThat(json).isEqualTo(JSON.asJson(built));
      assertThat(JSON.unmarshal(json, Job.class)).isEqualTo(built);
    }
  }

  @Test
  void aConfiguredValueThatLooksLikeAPlaceholderLeavesNoTemplate() {
    assertThat(AgentJobJson.of(config("pod-token", "oats-agent:@@oats-goal@@"), JSON)).isNull();
    assertThat(AgentJobJson.of(config("pod-token", "oats-agent:917364285"), JSON)).isNotNull();
  }
}
