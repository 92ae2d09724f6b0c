package dev.oats.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.oats.agent.FinishTool;
import dev.oats.agent.TokenCounter;
import dev.oats.model.ToolSpec;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolProvider;
import dev.oats.tools.files.FileTools;
import dev.oats.tools.kube.KubeTools;
import dev.oats.tools.logs.LogTools;
import dev.oats.tools.metrics.MetricsTools;
import dev.oats.tools.runbooks.RunbookTools;
import dev.oats.tools.shell.ShellTools;
import dev.oats.tools.web.WebTools;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tool list costs on every model request (name, description and schema of each tool
 * offered, counted with the context budget's tokenizer), and that a tool which cannot work in the
 * configuration is not offered at all.
 *
 * <p>Before (December 2026): 3,761 tokens with every tool configured, 3,002 for a laptop with a
 * kubeconfig and nothing else (code_search and python_executor offered though unusable).
 */
class ToolListCostTest {

  private static final String GOLDEN = "/dev/oats/tools/tool-list.golden.json";

  @TempDir Path tmp;

  private final TokenCounter counter = new TokenCounter();
  private final KubernetesClient client =
      new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())
          .build();

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void codeSearchIsOfferedOnlyWithACodeRoot() {
    ToolProvider.Offer without = offer(FileTools.offers(Map.of()), "code_search");
    ToolProvider.Offer with =
        offer(FileTools.offers(Map.of("OATS_FILE_ROOTS", tmp.toString())), "code_search");

    assertThat(without.isEnabled()).isFalse();
    assertThat(without.disabledReason()).contains("OATS_FILE_ROOTS");
    assertThat(with.isEnabled()).isTrue();
  }

  @Test
  void pythonExecutorIsOfferedOnlyWhenPython3IsOnThePath() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("python3"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        bin.resolve("python3"), PosixFilePermissions.fromString("rwxr-xr-x"));

    ToolProvider.Offer without =
        offer(ShellTools.offers(Map.of(), empty.toString()), "python_executor");
    ToolProvider.Offer with = offer(ShellTools.offers(Map.of(), bin.toString()), "python_executor");

    assertThat(without.isEnabled()).isFalse();
    assertThat(without.disabledReason()).contains("python3 is not on the PATH");
    assertThat(with.isEnabled()).isTrue();
  }

  @Test
  void aLaptopWithAClusterAndNothingElsePaysForTheToolsItCanUseOnly() throws IOException {
    Path noPython = Files.createDirectories(tmp.resolve("no-python"));
    List<ToolProvider.Offer> offers = everyOffer(Map.of(), noPython.toString());

    List<String> offered = enabled(offers).stream().map(Tool::name).toList();
    int tokens = tokens(enabled(offers));
    System.out.printf("tool list, laptop with a kubeconfig: %s = %,d tokens%n", offered, tokens);

    assertThat(offered)
        .containsExactly(
            "finish",
            "kubectl_info",
            "log_analyzer",
            "bash_executor",
            "file_reader",
            "yaml_parser");
    assertThat(tokens).isLessThanOrEqualTo(2_300);
  }

  @Test
  void everyToolConfiguredStillCostsLessThanBefore() {
    Map<String, String> settings =
        Map.of(
            "OATS_PROMETHEUS_URL", "http://127.0.0.1:9090",
            "OATS_SOURCEGRAPH_URL", "http://127.0.0.1:7080",
            "OATS_SEARXNG_URL", "http://127.0.0.1:8888",
            "OATS_FILE_ROOTS", tmp.toString());
    List<ToolProvider.Offer> offers =
        everyOffer(settings, "/usr/bin:/bin:" + System.getenv("PATH"));

    List<Tool> tools = enabled(offers);
    for (Tool tool : tools) {
      System.out.printf("  %-20s %5d%n", tool.name(), tokens(List.of(tool)));
    }
    int tokens = tokens(tools);
    System.out.printf("tool list, every tool configured: %,d tokens%n", tokens);

    assertThat(tools).hasSize(11);
    assertThat(tokens).isLessThan(3_761);
  }

  /**
   * Pins the tool list a model is sent (each built-in tool's name, category, description and
   * parameter schema, in the order offered) to a copy taken from main before the tool definitions
   * were refactored. The token figures above and the prompt cache depend on these bytes: a change
   * here must be deliberate, and the golden file rewritten with it (run with {@code
   * -Doats.golden.write=true}, then copy {@code target/tool-list.golden.json} over the resource).
   */
  @Test
  void theToolListAModelSeesIsByteForByteTheGoldenCopy() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("python3"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        bin.resolve("python3"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> settings =
        Map.of(
            "OATS_PROMETHEUS_URL", "http://127.0.0.1:9090",
            "OATS_SOURCEGRAPH_URL", "http://127.0.0.1:7080",
            "OATS_SEARXNG_URL", "http://127.0.0.1:8888",
            "OATS_FILE_ROOTS", "/srv/code",
            "OATS_RUNBOOKS_DIR", Files.createDirectories(tmp.resolve("runbooks")).toString());
    List<Tool> tools = enabled(everyOffer(settings, bin.toString()));
    assertThat(tools).hasSize(12);

    String actual = serialise(tools);
    if (Boolean.getBoolean("oats.golden.write")) {
      Files.writeString(Path.of("target/tool-list.golden.json"), actual);
    }
    try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
      assertThat(in).as("golden file " + GOLDEN).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Every built-in tool's offer, in the order a server makes them. */
  private List<ToolProvider.Offer> everyOffer(Map<String, String> settings, String path) {
    List<ToolProvider.Offer> offers = new ArrayList<>();
    offers.add(ToolProvider.Offer.enabled(new FinishTool()));
    offers.addAll(KubeTools.offers(settings, client));
    offers.addAll(LogTools.offers(settings, Optional.of(() -> client)));
    offers.addAll(ShellTools.offers(settings, path));
    offers.addAll(FileTools.offers(settings));
    offers.addAll(MetricsTools.offers(settings));
    offers.addAll(WebTools.offers(settings));
    offers.addAll(RunbookTools.offers(settings));
    return offers;
  }

  /**
   * Each tool as one object; the schema is the compact JSON an adapter sends, kept as a string so
   * that key order, number forms and escapes all count.
   */
  private static String serialise(List<Tool> tools) throws IOException {
    ObjectMapper compact = new ObjectMapper();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode list = json.createArrayNode();
    for (Tool tool : tools) {
      list.addObject()
          .put("name", tool.name())
          .put("category", tool.category().name())
          .put("description", tool.description())
          .put("parameters", compact.writeValueAsString(tool.parameters()));
    }
    return json.writeValueAsString(list) + "\n";
  }

  private int tokens(List<Tool> tools) {
    return counter.countTools(
        tools.stream().map(t -> new ToolSpec(t.name(), t.description(), t.parameters())).toList());
  }

  private static List<Tool> enabled(List<ToolProvider.Offer> offers) {
    return offers.stream()
        .filter(ToolProvider.Offer::isEnabled)
        .map(ToolProvider.Offer::tool)
        .toList();
  }

  private static ToolProvider.Offer offer(List<ToolProvider.Offer> offers, String name) {
    return offers.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
  }
}
