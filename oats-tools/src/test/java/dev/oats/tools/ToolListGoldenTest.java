package dev.oats.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.oats.agent.FinishTool;
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
 * Pins the tool list a model is sent (each built-in tool's name, description, category and
 * parameter schema, in the order offered) to a copy taken from main before the tool definitions
 * were refactored. The token figures of {@link ToolListCostTest} and the prompt cache depend on
 * these bytes: a change here must be deliberate, and the golden file rewritten with it (run with
 * {@code -Doats.golden.write=true}, then copy {@code target/tool-list.golden.json} over the
 * resource).
 */
class ToolListGoldenTest {

  private static final String GOLDEN = "/dev/oats/tools/tool-list.golden.json";

  @TempDir Path tmp;

  private final KubernetesClient client =
      new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())
          .build();

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void theToolListAModelSeesIsByteForByteTheGoldenCopy() throws IOException {
    String actual = serialise(everyTool());
    if (Boolean.getBoolean("oats.golden.write")) {
      Files.writeString(Path.of("target/tool-list.golden.json"), actual);
    }
    String golden;
    try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
      assertThat(in).as("golden file " + GOLDEN).isNotNull();
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(golden);
  }

  private List<Tool> everyTool() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("python3"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(
        bin.resolve("python3"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
    Map<String, String> settings =
        Map.of(
            "OATS_PROMETHEUS_URL", "http://127.0.0.1:9090",
            "OATS_SOURCEGRAPH_URL", "http://127.0.0.1:7080",
            "OATS_SEARXNG_URL", "http://127.0.0.1:8888",
            "OATS_FILE_ROOTS", "/srv/code",
            "OATS_RUNBOOKS_DIR", runbooks.toString());
    List<ToolProvider.Offer> offers = new ArrayList<>();
    offers.add(ToolProvider.Offer.enabled(new FinishTool()));
    offers.addAll(KubeTools.offers(settings, client));
    offers.addAll(LogTools.offers(settings, Optional.of(() -> client)));
    offers.addAll(ShellTools.offers(settings, bin.toString()));
    offers.addAll(FileTools.offers(settings));
    offers.addAll(MetricsTools.offers(settings));
    offers.addAll(WebTools.offers(settings));
    offers.addAll(RunbookTools.offers(settings));
    List<Tool> tools =
        offers.stream()
            .filter(ToolProvider.Offer::isEnabled)
            .map(ToolProvider.Offer::tool)
            .toList();
    assertThat(tools).hasSize(12);
    return tools;
  }

  /**
   * Each tool as one object; the schema is the compact JSON an adapter sends, kept as a string so
   * that key order, number forms and escapes all count.
   */
  private static String serialise(List<Tool> tools) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode list = json.createArrayNode();
    for (Tool tool : tools) {
      list.addObject()
          .put("name", tool.name())
          .put("category", tool.category().name())
          .put("description", tool.description())
          .put("parameters", new ObjectMapper().writeValueAsString(tool.parameters()));
    }
    return json.writeValueAsString(list) + "\n";
  }
}
