package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.FakeAnthropicServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code oats agent} in a Job: what it tells the server when it cannot, or need not, run. */
class AgentCommandDeliveryTest {

  private static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  private EventDeliveryTest.InvestigationsServer server;

  @BeforeEach
  void start() throws Exception {
    server = new EventDeliveryTest.InvestigationsServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Map<String, String> jobEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("OATS_GOAL", "Why is checkout-api crash-looping?");
    env.put("OATS_INVESTIGATION_ID", ID);
    env.put("OATS_SERVER_URL", server.url());
    env.put("OATS_EVENT_TOKEN", "token-1");
    return env;
  }

  @Test
  void aRetriedJobWhoseInvestigationHasEndedDoesNotRunItAgain() {
    server.status("failed");
    try (FakeAnthropicServer model = FakeAnthropicServer.start()) {
      Map<String, String> env = jobEnvironment();
      env.put("ANTHROPIC_API_KEY", "sk-ant-test-key-0123456789");
      env.put("ANTHROPIC_BASE_URL", model.baseUrl());

      CliRun run = CliRun.run(env, "agent");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err())
          .contains("investigation " + ID + " has already ended on the server (failed)");
      assertThat(model.requests()).isEmpty();
      assertThat(server.stored()).isEmpty();
    }
  }

  @Test
  void anAgentThatCannotStartTellsTheServerWhy() {
    CliRun run = CliRun.run(jobEnvironment(), "agent");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(server.stored()).containsOnlyKeys(1L);
    assertThat(server.stored().get(1L))
        .contains("\"type\":\"failed\"")
        .contains("the agent could not start: No language model is configured");
  }
}
