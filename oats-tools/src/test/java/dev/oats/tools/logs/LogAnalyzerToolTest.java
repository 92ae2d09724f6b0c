package dev.oats.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.CrudApiServer;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolResult;
import dev.oats.tools.testsupport.ToolRunner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** log_analyzer on text, on files within the allowed roots, and on pod logs from the API. */
class LogAnalyzerToolTest {

  private static final CrudApiServer API = new CrudApiServer();

  static KubernetesMockServer server = API.server;
  static KubernetesClient client = API.client;

  @TempDir static Path roots;

  private static final String CRASH_LOG =
      """
      2026-11-25T01:00:00Z INFO starting checkout-api version 1.4.2
      2026-11-25T01:00:01Z INFO connected to postgres.shop.svc:5432 in 12 ms
      2026-11-25T01:00:02Z INFO served GET /cart/1001 in 4 ms
      2026-11-25T01:00:03Z INFO served GET /cart/1002 in 5 ms
      2026-11-25T01:00:04Z INFO served GET /cart/1003 in 7 ms
      2026-11-25T01:00:05Z ERROR java.lang.OutOfMemoryError: Java heap space
      \tat com.shop.cart.CartCache.load(CartCache.java:88)
      \tat com.shop.cart.CartService.get(CartService.java:41)
      2026-11-25T01:00:06Z WARN heap usage 97% of 256 MB
      """;

  @BeforeAll
  static void logs() throws Exception {
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/shop/pods/checkout-api-1/log?pretty=false&previous=true&tailLines=20000")
        .andReturn(200, CRASH_LOG)
        .always();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/shop/pods/nope/log?pretty=false&tailLines=20000")
        .andReturn(
            404,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"pods \\\"nope\\\" not found\",\"reason\":\"NotFound\",\"code\":404}")
        .always();
    Files.writeString(roots.resolve("app.log"), CRASH_LOG);
  }

  private static Tool tool(Optional<Supplier<KubernetesClient>> kube) {
    return LogTools.offers(
            Map.of("OATS_FILE_ROOTS", roots.toString(), "OATS_TARGET_NAMESPACE", "shop"), kube)
        .getFirst()
        .tool();
  }

  @Test
  void summarisesTextWithTemplatesErrorsAndTheFoldedStackTrace() {
    ToolResult result =
        ToolRunner.call(tool(Optional.empty()), "{\"text\": " + quoted(CRASH_LOG) + "}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .startsWith("Log summary of the given text")
        .contains("OutOfMemoryError")
        .contains("<*>")
        .contains("2 continuation lines folded")
        .contains("ERROR x1");
  }

  @Test
  void aFilterThatLeavesNothingSaysWhatItLeftOutAndWhy() {
    String levelless = "worker started\nmessage 1 sent\nmessage 2 sent on retry 1\n";
    ToolResult result =
        ToolRunner.call(
            tool(Optional.empty()),
            "{\"text\": " + quoted(levelless) + ", \"min_level\": \"error\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output())
        .contains("filter: level ERROR or worse left out 3 events (no level 3)")
        .contains("this log names no levels")
        .contains("nothing left after the filters");
  }

  @Test
  void readsAPodsPreviousRunThroughTheApi() {
    ToolResult result =
        ToolRunner.call(
            tool(Optional.of(() -> client)), "{\"pod\": \"checkout-api-1\", \"previous\": true}");

    assertThat(result.status()).as(result.error()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("pod shop/checkout-api-1, previous run")
        .contains("OutOfMemoryError");
  }

  @Test
  void aMissingPodIsAClearError() {
    ToolResult result =
        ToolRunner.call(
            tool(Optional.of(() -> client)), "{\"pod\": \"nope\", \"namespace\": \"shop\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error())
        .contains("no pod named nope in namespace shop")
        .contains("deleted pod")
        .doesNotContain("too old");
  }

  @Test
  void withoutAClusterPodsAreRefusedButFilesWork() {
    Tool tool = tool(Optional.empty());

    ToolResult pod = ToolRunner.call(tool, "{\"pod\": \"checkout-api-1\"}");
    ToolResult file = ToolRunner.call(tool, "{\"path\": \"app.log\", \"min_level\": \"warn\"}");

    assertThat(pod.error()).contains("No Kubernetes configuration");
    assertThat(file.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(file.output()).contains("OutOfMemoryError").doesNotContain("served GET");
  }

  @Test
  void filesOutsideTheAllowedRootsAndAmbiguousSourcesAreRefused() {
    Tool tool = tool(Optional.empty());

    ToolResult outside = ToolRunner.call(tool, "{\"path\": \"/etc/passwd\"}");
    ToolResult two = ToolRunner.call(tool, "{\"path\": \"app.log\", \"text\": \"x\"}");
    ToolResult badSince = ToolRunner.call(tool, "{\"text\": \"x\", \"since\": \"yesterday-ish\"}");

    assertThat(outside.error()).contains("not a file within the allowed roots");
    assertThat(two.error()).contains("exactly one source");
    assertThat(badSince.status()).isEqualTo(ToolResult.Status.ERROR);
  }

  private static String quoted(String text) {
    return ToolRunner.args("{}").textNode(text).toString();
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
