package dev.oats.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.agent.AgentLoop;
import dev.oats.agent.AgentSettings;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.Conversation;
import dev.oats.agent.Investigation;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolLoader;
import dev.oats.agent.ToolRegistry;
import dev.oats.event.AgentEvent;
import dev.oats.llm.anthropic.AnthropicChatModel;
import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.testkit.AnthropicPromptCache;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.RecordedRequest;
import dev.oats.testkit.ScriptedReply;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import dev.oats.tools.kube.KubeTools;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Billed input tokens of a scripted 15-turn investigation (issue 14): the real agent loop and the
 * real Anthropic adapter against a fake Anthropic on 127.0.0.1, each recorded request billed as
 * Anthropic bills it ({@link AnthropicPromptCache}: cache reads 0.1×, writes 1.25×, plain 1×).
 *
 * <p>The same run also prices the seed's design over the same conversation: the whole transcript
 * resent every turn, cut to the newest 12,000 tokens, no cache.
 *
 * <p>Only API that OATS had before issue 14 is used here, so the benchmark script runs this class a
 * second time with the classes of the reference revision first on the class path.
 *
 * <p>{@code TokensBenchmark LABEL OUT.json}: writes the figures of this run to OUT.json; exits 1
 * when the root-cause evidence did not reach the model's last request and LABEL is {@code oats}.
 */
public final class TokensBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SEED_CAP = 12_000;
  private static final Duration TURN_PACE = Duration.ofSeconds(10);

  private TokensBenchmark() {}

  public static void main(String[] args) throws Exception {
    String label = args[0];
    Path out = Path.of(args[1]);
    ObjectNode result = run(label);
    Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    boolean evidence =
        result.path("oats").path("evidence_in_last_request").asBoolean()
            && result.path("oats").path("evidence_in_every_request_since").asBoolean()
            && result.path("oats").path("evidence_first_in_request").asInt() == 4;
    if ("oats".equals(label) && !evidence) {
      System.err.println(
          "The root-cause evidence ("
              + TokensScenario.ROOT_CAUSE
              + ") did not reach the model with the third observation (request 4) and every"
              + " request after it");
      System.exit(1);
    }
  }

  static ObjectNode run(String label) throws Exception {
    Path workspace = Files.createTempDirectory("oats-tokens");
    List<TokensScenario.Step> steps = TokensScenario.steps();
    Deque<String> outputs = new ArrayDeque<>();
    try (FakeAnthropicServer fake = FakeAnthropicServer.start();
        KubernetesClient unused =
            new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
                .build();
        AnthropicChatModel model =
            new AnthropicChatModel(
                "sk-ant-bench", fake.baseUrl(), "claude-sonnet-4-5", Duration.ofSeconds(60))) {
      for (TokensScenario.Step step : steps) {
        ScriptedReply reply =
            ScriptedReply.toolCall(step.tool(), step.argumentsJson()).withText(step.thought());
        fake.enqueue(reply);
        if (step.output() != null) {
          outputs.add(step.output());
        }
      }
      ToolRegistry registry = scriptedRegistry(outputs, workspace, unused);
      ToolExecutor executor =
          new ToolExecutor(
              registry,
              text -> text,
              ApprovalGate.NOBODY_TO_ASK,
              new ToolExecutor.Settings(16_000, Duration.ofSeconds(30), false));
      AgentSettings settings =
          new AgentSettings(
              15, Duration.ofMinutes(15), SEED_CAP, 4_096, 0.0, "native", 3, workspace, Map.of());
      List<List<Message>> fullBeforeEachTurn = new ArrayList<>();
      Conversation[] conversation = {Conversation.EMPTY};
      AgentEvent end =
          new AgentLoop(model, executor, settings, Clock.systemUTC())
              .run(
                  new Investigation("inv-tokens", TokensScenario.GOAL, "shop"),
                  event -> {
                    conversation[0] = conversation[0].with(event);
                    if (event instanceof AgentEvent.TurnStarted) {
                      fullBeforeEachTurn.add(conversation[0].messages());
                    }
                  },
                  () -> false);
      if (!(end instanceof AgentEvent.Finished finished)) {
        throw new IllegalStateException("the scripted investigation did not finish: " + end);
      }
      List<RecordedRequest> requests = fake.requests();
      return figures(label, requests, fullBeforeEachTurn, finished.turns());
    }
  }

  private static ObjectNode figures(
      String label, List<RecordedRequest> requests, List<List<Message>> full, int turns) {
    ObjectNode result = JSON.createObjectNode();
    result.put("label", label);
    result.put("turns", turns);
    result.put("tool_output_bytes", TokensScenario.outputBytes());
    result.put("root_cause", TokensScenario.ROOT_CAUSE);

    AnthropicPromptCache cache = AnthropicPromptCache.sonnet();
    Instant at = Instant.parse("2026-12-06T10:00:00Z");
    AnthropicPromptCache.Bill total = AnthropicPromptCache.Bill.ZERO;
    ArrayNode perTurn = JSON.createArrayNode();
    for (RecordedRequest request : requests) {
      AnthropicPromptCache.Bill bill = cache.bill(request.body(), at);
      at = at.plus(TURN_PACE);
      total = total.plus(bill);
      perTurn
          .addObject()
          .put("cache_read", bill.cacheRead())
          .put("cache_write", bill.cacheWrite())
          .put("plain", bill.plain())
          .put("breakpoints", bill.breakpoints())
          .put("billed", Math.round(bill.billed()));
    }
    ObjectNode oats = result.putObject("oats");
    oats.put("requests", requests.size());
    oats.put("input_tokens", total.input());
    oats.put("cache_read", total.cacheRead());
    oats.put("cache_write", total.cacheWrite());
    oats.put("plain", total.plain());
    oats.put("billed", Math.round(total.billed()));
    oats.put("behind_cache_markers", share(total.cacheRead() + total.cacheWrite(), total.input()));
    oats.put("read_from_cache", share(total.cacheRead(), total.input()));
    oats.put(
        "evidence_in_last_request",
        requests.getLast().body().toString().contains(TokensScenario.ROOT_CAUSE_JSON));
    // The evidence must reach the model on first sight and stay in every request after.
    int firstSeen = 0;
    boolean keptSince = true;
    for (int i = 0; i < requests.size(); i++) {
      boolean has = requests.get(i).body().toString().contains(TokensScenario.ROOT_CAUSE_JSON);
      if (firstSeen == 0 && has) {
        firstSeen = i + 1;
      } else if (firstSeen > 0 && !has) {
        keptSince = false;
      }
    }
    oats.put("evidence_first_in_request", firstSeen);
    oats.put("evidence_in_every_request_since", firstSeen > 0 && keptSince);
    oats.set("per_request", perTurn);

    // The seed's design over the same conversation: no cache, the newest 12k tokens resent.
    JsonNode first = requests.getFirst().body();
    long seedBilled = 0;
    long everyObservationOnce = 0;
    ArrayNode seedTurns = JSON.createArrayNode();
    boolean seedEvidence = false;
    boolean seedEvery = true;
    for (List<Message> messages : full) {
      List<Message> kept = new ArrayList<>(messages);
      long tokens = AnthropicPromptCache.tokens(seedBody(first, kept));
      while (tokens > SEED_CAP && kept.size() > 1) {
        kept.remove(1);
        tokens = AnthropicPromptCache.tokens(seedBody(first, kept));
      }
      long sent = Math.min(tokens, SEED_CAP);
      seedTurns.add(sent);
      seedBilled += sent;
      seedEvidence = seedBody(first, kept).toString().contains(TokensScenario.ROOT_CAUSE_JSON);
      seedEvery &= seedTurns.size() < 4 || seedEvidence;
    }
    List<Message> last = full.getLast();
    for (Message message : last) {
      if (message instanceof Message.ToolResults results) {
        ObjectNode body = JSON.createObjectNode();
        body.set("messages", JSON.createArrayNode().add(message(results)));
        everyObservationOnce += AnthropicPromptCache.tokens(body);
      }
    }
    ObjectNode seed = result.putObject("seed_design");
    seed.put("billed", seedBilled);
    seed.put("evidence_in_last_request", seedEvidence);
    seed.put("evidence_in_every_request_since", seedEvery);
    seed.set("per_request", seedTurns);
    result.put("every_observation_once_tokens", everyObservationOnce);
    result.put("billed_over_seed", share(Math.round(total.billed()), seedBilled));
    return result;
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
  }

  /**
   * The request the seed's design sends: OATS's tools (but read_output, which only OATS's excerpts
   * need) and system prompt, no cache markers.
   */
  private static ObjectNode seedBody(JsonNode first, List<Message> messages) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", first.path("model").asText());
    ArrayNode tools = body.putArray("tools");
    for (JsonNode tool : first.path("tools")) {
      if (tool.path("name").asText().equals("read_output")) {
        continue; // OATS's own way back to a whole output; the seed had none
      }
      ObjectNode copy = tool.deepCopy();
      copy.remove("cache_control");
      tools.add(copy);
    }
    body.put("system", first.path("system").path(0).path("text").asText());
    ArrayNode out = body.putArray("messages");
    messages.forEach(message -> out.add(message(message)));
    return body;
  }

  private static ObjectNode message(Message message) {
    ObjectNode node = JSON.createObjectNode();
    switch (message) {
      case Message.User user -> node.put("role", "user").put("content", user.text());
      case Message.Assistant assistant -> {
        ArrayNode content = node.put("role", "assistant").putArray("content");
        if (!assistant.text().isBlank()) {
          content.addObject().put("type", "text").put("text", assistant.text());
        }
        for (ToolCall call : assistant.toolCalls()) {
          content
              .addObject()
              .put("type", "tool_use")
              .put("id", call.id())
              .put("name", call.name())
              .set("input", call.arguments());
        }
      }
      case Message.ToolResults results -> {
        ArrayNode content = node.put("role", "user").putArray("content");
        for (Message.ToolResultBlock block : results.results()) {
          content
              .addObject()
              .put("type", "tool_result")
              .put("tool_use_id", block.callId())
              .put("content", block.content())
              .put("is_error", block.isError());
        }
      }
    }
    return node;
  }

  /**
   * The built-in tools as the model sees them (names, descriptions, schemas), each answering with
   * the scenario's next output instead of touching a cluster.
   */
  private static ToolRegistry scriptedRegistry(
      Deque<String> outputs, Path workspace, KubernetesClient unused) {
    ToolRegistry builtins = ToolLoader.load(Map.of(), workspace.resolve("no-plugins"));
    List<Tool> tools = new ArrayList<>(builtins.enabled());
    // kubectl_info is offered only where a cluster is configured, as in the agent's Job.
    KubeTools.offers(Map.of(), unused).forEach(offer -> tools.add(offer.tool()));
    ToolRegistry.Builder scripted = ToolRegistry.builder();
    for (Tool tool : tools) {
      scripted.add("builtin", tool.name().equals("finish") ? tool : new Scripted(tool, outputs));
    }
    return scripted.build();
  }

  private record Scripted(Tool real, Deque<String> outputs) implements Tool {
    @Override
    public ToolDefinition definition() {
      return real.definition();
    }

    @Override
    public ToolResult execute(ObjectNode arguments, ToolContext context) {
      String output = outputs.poll();
      if (output == null) {
        throw new IllegalStateException("the scenario has no output left for " + real.name());
      }
      return ToolResult.success(output);
    }
  }
}
