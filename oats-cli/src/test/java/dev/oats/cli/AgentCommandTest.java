package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.FakeModelServer;
import dev.oats.testkit.FakeOpenAiServer;
import dev.oats.testkit.RecordedRequest;
import dev.oats.testkit.ScriptedReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code oats agent}, the Job entry point, against fake model servers over real HTTP. */
class AgentCommandTest {

  @TempDir Path dir;
  private FakeModelServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private Map<String, String> environment(String provider, String goal) throws IOException {
    server = provider.equals("openai") ? FakeOpenAiServer.start() : FakeAnthropicServer.start();
    Map<String, String> env = new HashMap<>();
    if (goal != null) {
      env.put("OATS_GOAL", goal);
    }
    if (provider.equals("openai")) {
      env.put("OPENAI_API_KEY", "sk-test-openai-key-0123456789");
      env.put("OPENAI_BASE_URL", server.baseUrl());
    } else {
      env.put("ANTHROPIC_API_KEY", "sk-ant-test-key-0123456789");
      env.put("ANTHROPIC_BASE_URL", server.baseUrl());
    }
    env.put("OATS_RESULTS_DIR", dir.resolve("results").toString());
    env.put("OATS_WORKSPACE", dir.resolve("workspace").toString());
    env.put("OATS_TOOLS_DIR", dir.resolve("tools").toString());
    env.put("OATS_FILE_ROOTS", dir.resolve("workspace").toString());
    env.put("OATS_MODEL_MAX_RETRIES", "2");
    env.put("PATH", System.getenv("PATH"));
    Files.createDirectories(dir.resolve("workspace"));
    return env;
  }

  private List<Path> results() throws IOException {
    Path results = dir.resolve("results");
    if (!Files.isDirectory(results)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(results)) {
      return files.toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "openai"})
  void theSeedsSimpleQuestionFinishesInOneTurnAndExitsZero(String provider) throws Exception {
    Map<String, String> env = environment(provider, "What is 2+2?");
    server.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"2+2 = 4\"}").withText("Easy."));

    CliRun run = CliRun.run(env, "agent");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("OATS agent starting")
        .contains("EXECUTION SUMMARY")
        .contains("Goal achieved in 1 turn.")
        .contains("2+2 = 4");
    assertThat(results())
        .singleElement()
        .satisfies(
            file -> {
              assertThat(file.getFileName().toString())
                  .matches("final_result_\\d{8}_\\d{6}_\\d{3}\\.txt");
              assertThat(Files.readString(file)).contains("2+2 = 4").contains("What is 2+2?");
            });
    JsonNode body = server.requests().getFirst().body();
    assertThat(body.toString()).contains("What is 2+2?");
  }

  @Test
  void threeTurnsThroughRealToolsEndWithTheReport() throws Exception {
    Map<String, String> env = environment("anthropic", "Why does checkout-api restart?");
    Files.writeString(
        dir.resolve("workspace/deploy.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: checkout-api\nspec:\n"
            + "  template:\n    spec:\n      containers:\n      - name: api\n        image: shop/checkout:1.4\n"
            + "        resources:\n          limits:\n            memory: 64Mi\n");
    server.enqueue(
        ScriptedReply.toolCall("file_reader", "{\"path\": \"deploy.yaml\"}")
            .withText("Read the manifest."),
        ScriptedReply.toolCall(
            "yaml_parser",
            "{\"path\": \"deploy.yaml\", \"query\": \"spec.template.spec.containers[0].resources.limits.memory\"}"),
        ScriptedReply.toolCall(
            "finish", "{\"result\": \"## Root cause\\nThe memory limit is 64Mi.\"}"));

    CliRun run = CliRun.run(env, "agent");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("Goal achieved in 3 turns.")
        .contains("file_reader x1, yaml_parser x1");
    RecordedRequest third = server.requests().get(2);
    assertThat(third.body().toString()).contains("checkout-api").contains("64Mi");
  }

  @Test
  void withoutAGoalItAbortsWithTheSeedsMessage() throws Exception {
    CliRun run = CliRun.run(environment("anthropic", null), "agent");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("ERROR: OATS_GOAL environment variable not set. Aborting.");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void withoutAModelKeyItSaysWhichVariablesToSet() {
    CliRun run = CliRun.run(Map.of("OATS_GOAL", "x"), "agent");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("ANTHROPIC_API_KEY").contains("OPENAI_API_KEY");
  }

  @Test
  void theTextProtocolWorksAgainstAnOpenAiCompatibleServer() throws Exception {
    Map<String, String> env = environment("openai", "Is the manifest valid?");
    env.remove("OPENAI_API_KEY");
    env.put("OATS_PROTOCOL", "text");
    server.enqueue(
        ScriptedReply.text(
            "<thought>Parse it.</thought><action>{\"tool_name\": \"yaml_parser\", \"parameters\":"
                + " {\"content\": \"a: [1, 2\"}}</action>"),
        ScriptedReply.text(
            "<thought>It is broken.</thought>\n<action>\n```json\n{\"tool_name\": \"finish\","
                + " \"parameters\": {\"result\": \"The YAML is invalid.\"}}\n```\n</action>"));

    CliRun run = CliRun.run(env, "agent");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("The YAML is invalid.");
    JsonNode second = server.requests().get(1).body();
    assertThat(second.has("tools")).isFalse();
    assertThat(second.toString()).contains("<observation>").contains("yaml_parser");
  }

  @Test
  void aMalformedAnswerIsCorrectedAndTheRunGoesOn() throws Exception {
    Map<String, String> env = environment("anthropic", "What is 2+2?");
    server.enqueue(
        ScriptedReply.text("It is 4."), ScriptedReply.toolCall("finish", "{\"result\": \"4\"}"));

    CliRun run = CliRun.run(env, "agent");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Goal achieved in 2 turns.");
    assertThat(server.requests().get(1).body().toString()).contains("without calling a tool");
  }

  @Test
  void unknownToolsAndBadArgumentsGoBackToTheModel() throws Exception {
    Map<String, String> env = environment("anthropic", "Look around");
    server.enqueue(
        ScriptedReply.toolCall("kubectl_delete", "{}"),
        ScriptedReply.toolCall("file_reader", "{\"path\": 42}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"done\"}"));

    CliRun run = CliRun.run(env, "agent");

    assertThat(run.exitCode()).isZero();
    String second = server.requests().get(1).body().toString();
    assertThat(second).contains("Unknown tool 'kubectl_delete'").contains("is_error");
    String third = server.requests().get(2).body().toString();
    assertThat(third).contains("Invalid arguments for file_reader").contains("path");
  }

  @Test
  void runningOutOfTurnsExitsOne() throws Exception {
    Map<String, String> env = environment("anthropic", "Loop forever");
    env.put("OATS_MAX_TURNS", "2");
    server.enqueue(
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"a: 1\"}"),
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"b: 2\"}"));

    CliRun run = CliRun.run(env, "agent");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("Max turns reached (2)");
    assertThat(results()).isEmpty();
  }

  @Test
  void aRateLimitIsRetriedAfterTheAskedDelay() throws Exception {
    Map<String, String> env = environment("anthropic", "What is 2+2?");
    server.enqueue(
        ScriptedReply.httpError(429, "Number of request tokens has exceeded your rate limit")
            .withHeader("retry-after", "1"),
        ScriptedReply.toolCall("finish", "{\"result\": \"4\"}"));

    CliRun run = CliRun.run(env, "investigate", "--json", "What is 2+2?");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(server.requests()).hasSize(2);
    assertThat(run.out())
        .contains("\"type\":\"warning\"")
        .contains("rate limited")
        .contains("retry 1/2");
  }

  @Test
  void anUnreachableModelFailsWithTheUrlItTried() throws Exception {
    Map<String, String> env = environment("anthropic", "What is 2+2?");
    int closed = FakeModelServer.unusedLocalPort();
    env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + closed);
    env.put("OATS_MODEL_MAX_RETRIES", "0");

    CliRun run = CliRun.run(env, "agent");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("Failed after 1 turn").contains("http://127.0.0.1:" + closed);
  }

  @Test
  void investigateJsonPrintsEveryEventAndTheSummary() throws Exception {
    Map<String, String> env = environment("openai", null);
    server.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"4\"}").withUsage(120, 15, 40, 0));

    CliRun run = CliRun.run(env, "investigate", "--json", "-n", "shop", "What", "is", "2+2?");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.getFirst())
        .contains("\"seq\":1")
        .contains("\"type\":\"started\"")
        .contains("\"target_namespace\":\"shop\"");
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l).contains("\"type\":\"usage\"").contains("\"cache_read_tokens\":40"));
    assertThat(lines.getLast()).startsWith("{\"summary\":").contains("\"succeeded\":true");
  }

  @Test
  void toolsListsEveryToolWithItsSourceAndStatus() throws Exception {
    CliRun run = CliRun.run(environment("anthropic", null), "tools");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("finish")
        .contains("file_reader")
        .contains("builtin")
        .containsPattern(
            "metrics_fetcher\\s+builtin\\s+disabled\\s*\n\\s+because .*OATS_PROMETHEUS_URL");
  }
}
