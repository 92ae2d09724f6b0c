package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.EventJson;
import dev.oats.runner.LocalRunner;
import dev.oats.server.wiring.OatsServer;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follow-up questions from the command line: {@code oats ask} through a real server's API, and the
 * prompt at the end of {@code oats investigate} in a real terminal (a pty made by {@code script}).
 */
class FollowUpCliTest {

  private static final String KEY = "cli-api-key-0123456789";

  @TempDir Path dir;
  private FakeAnthropicServer model;

  @BeforeEach
  void startTheModel() throws IOException {
    model = FakeAnthropicServer.start();
  }

  @AfterEach
  void stopTheModel() {
    model.close();
  }

  private Map<String, String> environment() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("ANTHROPIC_API_KEY", "sk-ant-test-key-0123456789");
    env.put("ANTHROPIC_BASE_URL", model.baseUrl());
    env.put("OATS_RESULTS_DIR", dir.resolve("results").toString());
    env.put("OATS_WORKSPACE", dir.resolve("workspace").toString());
    env.put("OATS_TOOLS_DIR", dir.resolve("tools").toString());
    env.put("OATS_MODEL_MAX_RETRIES", "0");
    env.put("PATH", System.getenv("PATH"));
    Files.createDirectories(dir.resolve("workspace"));
    return env;
  }

  @Test
  void askContinuesAStoredInvestigationThroughTheServerAndPrintsTheAnswer() throws Exception {
    Map<String, String> env = environment();
    env.put("OATS_HOST", "127.0.0.1");
    env.put("OATS_PORT", "0");
    env.put("OATS_DATA_DIR", dir.resolve("data").toString());
    env.put("OATS_API_KEYS", KEY);
    try (OatsServer server = OatsServer.start(env, System.out, LocalRunner::create)) {
      String base = "http://127.0.0.1:" + server.port();
      model.enqueue(
          ScriptedReply.toolCall("finish", "{\"result\": \"The cart pod is OOM-killed.\"}"));
      String id = submit(base, "why does the cart restart?");
      awaitStatus(base, id, "succeeded");
      model.enqueue(
          ScriptedReply.toolCall("finish", "{\"result\": \"Its cache grew after 14:00.\"}"));
      Map<String, String> cli = new HashMap<>(env);
      cli.put("OATS_API_KEY", KEY);
      cli.put("OATS_URL", base);

      CliRun run = CliRun.run(cli, "ask", id, "and", "why", "did", "memory", "grow?");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("Its cache grew after 14:00.");
      assertThat(run.err()).contains("Follow-up asked: run 2 answers it.");
      assertThat(model.requests().getLast().body().toString())
          .contains("The cart pod is OOM-killed.")
          .contains("and why did memory grow?");
      CliRun missing = CliRun.run(cli, "ask", "00000000-0000-4000-8000-000000000000", "hello?");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).contains("No investigation with id");
      Map<String, String> noKey = new HashMap<>(cli);
      noKey.remove("OATS_API_KEY");
      assertThat(CliRun.run(noKey, "ask", id, "hello?").err()).contains("set OATS_API_KEY");
    }
  }

  @Test
  void investigateOnATerminalAsksForAFollowUpAndTheModelSeesTheEarlierConversation()
      throws Exception {
    model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"The cart pod is OOM-killed.\"}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"Its cache grew after 14:00.\"}"));
    PtyTerminal terminal =
        PtyTerminal.start(environment(), "investigate", "why does the cart restart?");

    terminal.awaitOutput("Ask a follow-up (an empty line or Ctrl-D ends):");
    terminal.type("and why did the memory grow?\n");
    terminal.awaitOutput("Its cache grew after 14:00.");
    terminal.awaitOutputCount("Ask a follow-up", 2);
    terminal.type("\n");

    assertThat(terminal.exitCode()).as(terminal.output()).isZero();
    assertThat(model.requests()).hasSize(2);
    assertThat(model.requests().getLast().body().toString())
        .contains("The cart pod is OOM-killed.")
        .contains("and why did the memory grow?");
  }

  @Test
  void investigateSkipsTheFollowUpWithTheFlagOrWithoutATerminal() throws Exception {
    model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"First answer.\"}"));
    PtyTerminal flagged =
        PtyTerminal.start(environment(), "investigate", "--no-follow-up", "a quick question");
    assertThat(flagged.exitCode()).as(flagged.output()).isZero();
    assertThat(flagged.output()).contains("First answer.").doesNotContain("Ask a follow-up");

    model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"Second answer.\"}"));
    CliRun piped = CliRun.run(environment(), "investigate", "another quick question");
    assertThat(piped.exitCode()).isZero();
    assertThat(piped.out() + piped.err()).doesNotContain("Ask a follow-up");
  }

  private static final HttpClient http = HttpClient.newHttpClient();

  private static String submit(String base, String goal) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/investigate"))
                .header("X-API-Key", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EventJson.write(Map.of("goal", goal))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return EventJson.MAPPER.readTree(response.body()).path("job_id").asText();
  }

  private static void awaitStatus(String base, String id, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode investigation = null;
    while (System.nanoTime() < deadline) {
      investigation =
          EventJson.MAPPER.readTree(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/investigations/" + id))
                          .header("X-API-Key", KEY)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      if (investigation.path("status").asText().equals(status)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("still " + investigation);
  }
}
