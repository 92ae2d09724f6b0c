package dev.oats.eval.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.agent.Agent;
import dev.oats.agent.Investigation;
import dev.oats.agent.RunSummary;
import dev.oats.agent.TokenCounter;
import dev.oats.config.OatsConfig;
import dev.oats.eval.EvalRunner;
import dev.oats.eval.ScenarioAgent;
import dev.oats.eval.cluster.ScenarioCluster;
import dev.oats.eval.cluster.ScenarioPrometheus;
import dev.oats.eval.cluster.TimeShift;
import dev.oats.eval.replay.ModelScript;
import dev.oats.eval.replay.ObservedModel;
import dev.oats.eval.replay.ReplayModel;
import dev.oats.eval.scenario.Scenario;
import dev.oats.eval.scenario.ScenarioLoader;
import dev.oats.eval.score.EvidenceCheck;
import dev.oats.eval.score.FactCheck;
import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * For every scenario: replays its recorded model side against its scenario cluster and measures,
 * per tool call, what OATS showed the model (the observation as sent: capped and redacted) against
 * what the equivalent real {@code kubectl} command prints against the same cluster; and which
 * expected facts reached the model. Writes {@code observations.json} and prints the Markdown table
 * of BENCHMARKS.md. Run by {@code bench/observations.sh}.
 *
 * <p>The equivalents: {@code describe} → {@code kubectl describe}; {@code logs} → {@code kubectl
 * logs} with the same container, previous, tail and since (kubectl_info's 200 lines when no tail is
 * given, the whole log under a grep, which keeps the matching lines as {@code | grep -E} would);
 * {@code log_analyzer} → {@code kubectl logs} of the whole log it mines; {@code events} → {@code
 * kubectl events}; {@code list}/{@code get} → {@code kubectl get -o yaml} (the scenario cluster has
 * no server-side table printing, so the plain {@code kubectl get} table cannot be had; -o yaml is
 * what an agent without OATS reads status from). {@code top} and {@code metrics_fetcher} have no
 * kubectl equivalent here and are left out of the comparison.
 */
public final class ObservationBenchmark {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final TokenCounter TOKENS = new TokenCounter();

  private ObservationBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path scenarios = Path.of("scenarios");
    Path results = Path.of("bench", "results");
    String only = null;
    for (int i = 0; i < args.length - 1; i++) {
      switch (args[i]) {
        case "--scenarios" -> scenarios = Path.of(args[++i]);
        case "--results" -> results = Path.of(args[++i]);
        case "--only" -> only = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String kubectl = kubectlVersion();
    ObjectNode root = JSON.createObjectNode().put("kubectl", kubectl);
    ArrayNode rows = root.putArray("scenarios");
    for (Scenario scenario : ScenarioLoader.find(List.of(scenarios))) {
      if (only != null && !scenario.name().equals(only)) {
        continue;
      }
      rows.add(measure(scenario));
      System.err.println("measured " + scenario.name());
    }
    Files.createDirectories(results);
    Files.writeString(
        results.resolve(only == null ? "observations.json" : "observations-" + only + ".json"),
        JSON.writeValueAsString(root));
    System.out.print(table(root));
  }

  private static ObjectNode measure(Scenario scenario) throws Exception {
    Path work = Files.createTempDirectory("oats-observations-");
    Clock clock = Clock.systemUTC();
    Map<String, String> environment = Map.of();
    OatsConfig config = OatsConfig.load(environment, work);
    try (ScenarioCluster cluster =
        ScenarioCluster.start(
            scenario.dir().resolve("cluster"),
            scenario.dir().resolve("logs"),
            scenario.namespace(),
            TimeShift.to(scenario.capturedAt(), clock.instant()),
            clock,
            work)) {
      ScenarioPrometheus prometheus =
          ScenarioPrometheus.wanted(scenario.dir())
              ? ScenarioPrometheus.start(scenario.dir(), clock.instant(), work)
              : null;
      try {
        ObservedModel model =
            new ObservedModel(new ReplayModel(ModelScript.read(scenario.replayFile())));
        Agent agent =
            ScenarioAgent.create(
                config, environment, cluster, prometheus, model, scenario, work, clock);
        List<RecordedEvent> events = new ArrayList<>();
        RunSummary summary =
            agent.run(
                new Investigation(
                    "bench-" + UUID.randomUUID(), EvalRunner.goal(scenario), scenario.namespace()),
                events::add,
                () -> false);
        String report = summary.succeeded() ? summary.result() : "";
        List<FactCheck> facts =
            EvidenceCheck.check(scenario.expected().facts(), report, model.exchanges(), events);
        return row(scenario, cluster, events, facts);
      } finally {
        if (prometheus != null) {
          prometheus.close();
        }
      }
    } finally {
      delete(work);
    }
  }

  private static ObjectNode row(
      Scenario scenario, ScenarioCluster cluster, List<RecordedEvent> events, List<FactCheck> facts)
      throws Exception {
    ObjectNode row = JSON.createObjectNode().put("scenario", scenario.name());
    List<FactCheck> evidence = facts.stream().filter(f -> !f.conclusion()).toList();
    row.put("facts", evidence.size());
    row.put("facts_reaching_model", evidence.stream().filter(FactCheck::reachedModel).count());
    row.put("facts_in_report", facts.stream().filter(FactCheck::inReport).count());
    Map<String, AgentEvent.ToolCalled> calls = new HashMap<>();
    long oatsBytes = 0;
    long oatsTokens = 0;
    long comparedOatsBytes = 0;
    long comparedOatsTokens = 0;
    long kubectlBytes = 0;
    long kubectlTokens = 0;
    ArrayNode list = row.putArray("calls");
    for (RecordedEvent recorded : events) {
      if (recorded.event() instanceof AgentEvent.ToolCalled call) {
        calls.put(call.callId(), call);
      }
      if (!(recorded.event() instanceof AgentEvent.Observation observation)
          || observation.tool().equals("finish")) {
        continue;
      }
      AgentEvent.ToolCalled call = calls.get(observation.callId());
      String shown =
          observation.output() == null || observation.output().isEmpty()
              ? String.valueOf(observation.error())
              : observation.output();
      long bytes = shown.getBytes(StandardCharsets.UTF_8).length;
      long tokens = TOKENS.count(shown);
      oatsBytes += bytes;
      oatsTokens += tokens;
      ObjectNode entry =
          list.addObject()
              .put("tool", call.tool())
              .put("arguments", call.arguments().toString())
              .put("oats_bytes", bytes)
              .put("oats_tokens", tokens);
      Optional<Equivalent> equivalent = equivalent(call, scenario.namespace());
      if (equivalent.isPresent()) {
        String text = equivalent.get().run(cluster.kubeconfig());
        long kBytes = text.getBytes(StandardCharsets.UTF_8).length;
        long kTokens = TOKENS.count(text);
        entry
            .put("kubectl", equivalent.get().describe())
            .put("kubectl_bytes", kBytes)
            .put("kubectl_tokens", kTokens)
            .put("kubectl_first_line", text.lines().findFirst().orElse(""));
        comparedOatsBytes += bytes;
        comparedOatsTokens += tokens;
        kubectlBytes += kBytes;
        kubectlTokens += kTokens;
      }
    }
    row.put("oats_bytes", oatsBytes)
        .put("oats_tokens", oatsTokens)
        .put("compared_oats_bytes", comparedOatsBytes)
        .put("compared_oats_tokens", comparedOatsTokens)
        .put("kubectl_bytes", kubectlBytes)
        .put("kubectl_tokens", kubectlTokens);
    return row;
  }

  /** A kubectl command line, and a grep applied to its output as {@code | grep -E} would. */
  private record Equivalent(List<String> args, String grep) {
    String describe() {
      return "kubectl "
          + String.join(" ", args)
          + (grep == null ? "" : " | grep -E '" + grep + "'");
    }

    String run(Path kubeconfig) throws IOException, InterruptedException {
      List<String> command =
          new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
      command.addAll(args);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (grep == null) {
        return text;
      }
      Pattern pattern = Pattern.compile(grep);
      StringBuilder kept = new StringBuilder();
      text.lines().filter(l -> pattern.matcher(l).find()).forEach(l -> kept.append(l).append('\n'));
      return kept.toString();
    }
  }

  static Optional<Equivalent> equivalent(AgentEvent.ToolCalled call, String defaultNamespace) {
    JsonNode a = call.arguments();
    List<String> args = new ArrayList<>();
    String namespace = a.path("namespace").asText(defaultNamespace);
    List<String> scope =
        namespace.equals("all") || namespace.equals("*") ? List.of("-A") : List.of("-n", namespace);
    if (call.tool().equals("log_analyzer")) {
      if (!a.hasNonNull("pod")) {
        return Optional.empty();
      }
      args.addAll(List.of("logs", a.get("pod").asText()));
      args.addAll(scope);
      logOptions(a, args);
      return Optional.of(new Equivalent(args, null));
    }
    if (!call.tool().equals("kubectl_info")) {
      return Optional.empty();
    }
    String resource = a.path("resource").asText("");
    String name = a.path("name").asText("");
    String selector = a.path("label_selector").asText("");
    switch (a.path("action").asText()) {
      case "describe" -> {
        args.add("describe");
        if (name.contains("/")) {
          args.add(name);
        } else {
          args.add(resource.isEmpty() ? "pods" : resource);
          if (!name.isEmpty()) {
            args.add(name);
          }
        }
        if (!selector.isEmpty()) {
          args.addAll(List.of("-l", selector));
        }
        args.addAll(scope);
      }
      case "logs" -> {
        args.add("logs");
        boolean pod = resource.isEmpty() || resource.matches("pods?|po");
        args.add(name.contains("/") || pod ? name : resource + "/" + name);
        args.addAll(scope);
        logOptions(a, args);
        if (!a.hasNonNull("tail_lines") && !a.hasNonNull("grep")) {
          // kubectl_info's default; with a grep it searches the whole log, and so does this.
          args.add("--tail=200");
        }
        return Optional.of(
            new Equivalent(args, a.hasNonNull("grep") ? a.get("grep").asText() : null));
      }
      case "events" -> {
        args.add("events");
        args.addAll(scope);
        if (!name.isEmpty() && !resource.isEmpty()) {
          args.addAll(List.of("--for", resource + "/" + name));
        }
      }
      case "list", "get" -> {
        args.addAll(List.of("get", resource.isEmpty() ? "pods" : resource));
        if (!name.isEmpty()) {
          args.add(name);
        }
        if (!selector.isEmpty()) {
          args.addAll(List.of("-l", selector));
        }
        args.addAll(scope);
        args.addAll(List.of("-o", "yaml"));
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(new Equivalent(args, null));
  }

  private static void logOptions(JsonNode a, List<String> args) {
    if (a.hasNonNull("container")) {
      args.addAll(List.of("-c", a.get("container").asText()));
    }
    if (a.path("previous").asBoolean(false)) {
      args.add("--previous");
    }
    if (a.hasNonNull("tail_lines")) {
      args.add("--tail=" + a.get("tail_lines").asInt());
    }
    if (a.hasNonNull("since")) {
      args.add("--since=" + a.get("since").asText());
    }
  }

  static String table(JsonNode root) {
    StringBuilder md = new StringBuilder();
    md.append(
        "| scenario | facts reaching the model | OATS observations, all calls (bytes / tokens) |"
            + " same calls with a kubectl equivalent: OATS | kubectl | kubectl ÷ OATS |\n");
    md.append("|---|---|---|---|---|---|\n");
    long facts = 0;
    long reached = 0;
    long oats = 0;
    long oatsTokens = 0;
    long compared = 0;
    long comparedTokens = 0;
    long kubectl = 0;
    long kubectlTokens = 0;
    for (JsonNode row : root.get("scenarios")) {
      facts += row.get("facts").asLong();
      reached += row.get("facts_reaching_model").asLong();
      oats += row.get("oats_bytes").asLong();
      oatsTokens += row.get("oats_tokens").asLong();
      compared += row.get("compared_oats_bytes").asLong();
      comparedTokens += row.get("compared_oats_tokens").asLong();
      kubectl += row.get("kubectl_bytes").asLong();
      kubectlTokens += row.get("kubectl_tokens").asLong();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d/%d | %,d / %,d | %,d / %,d | %,d / %,d | %s |%n",
              row.get("scenario").asText(),
              row.get("facts_reaching_model").asLong(),
              row.get("facts").asLong(),
              row.get("oats_bytes").asLong(),
              row.get("oats_tokens").asLong(),
              row.get("compared_oats_bytes").asLong(),
              row.get("compared_oats_tokens").asLong(),
              row.get("kubectl_bytes").asLong(),
              row.get("kubectl_tokens").asLong(),
              ratio(row.get("kubectl_tokens").asLong(), row.get("compared_oats_tokens").asLong())));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "| **total** | %d/%d | %,d / %,d | %,d / %,d | %,d / %,d | %s |%n",
            reached,
            facts,
            oats,
            oatsTokens,
            compared,
            comparedTokens,
            kubectl,
            kubectlTokens,
            ratio(kubectlTokens, comparedTokens)));
    md.append("\n| call | calls | OATS tokens | kubectl | kubectl tokens | kubectl ÷ OATS |\n");
    md.append("|---|---|---|---|---|---|\n");
    Map<String, long[]> byAction = new java.util.TreeMap<>();
    Map<String, String> commands = new HashMap<>();
    for (JsonNode row : root.get("scenarios")) {
      for (JsonNode call : row.get("calls")) {
        if (!call.has("kubectl")) {
          continue;
        }
        JsonNode arguments;
        try {
          arguments = JSON.readTree(call.get("arguments").asText());
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        String action =
            call.get("tool").asText()
                + (arguments.has("action") ? " " + arguments.get("action").asText() : "");
        long[] sums = byAction.computeIfAbsent(action, k -> new long[3]);
        sums[0]++;
        sums[1] += call.get("oats_tokens").asLong();
        sums[2] += call.get("kubectl_tokens").asLong();
        commands.putIfAbsent(action, call.get("kubectl").asText().split(" ")[1]);
      }
    }
    byAction.forEach(
        (action, sums) ->
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %,d | kubectl %s | %,d | %s |%n",
                    action,
                    sums[0],
                    sums[1],
                    commands.get(action),
                    sums[2],
                    ratio(sums[2], sums[1]))));
    return md.toString();
  }

  private static String ratio(long kubectl, long oats) {
    return oats == 0 ? "-" : String.format(Locale.ROOT, "%.1f×", (double) kubectl / oats);
  }

  private static String kubectlVersion() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return out.lines().findFirst().orElse("").strip();
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left behind
    }
  }
}
