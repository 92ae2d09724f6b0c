package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.store.Approval;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsHandlerType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} against the routes the running server has: every route documented with its
 * method, nothing documented that does not exist, and every path parameter declared. The web UI's
 * files are pages, not API.
 */
class OpenApiRoutesTest {

  private static final Set<String> PAGES = Set.of("/", "/index.html", "/assets/*", "/webjars/*");
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

  @TempDir static Path dir;
  private static ServerHarness harness;
  private static JsonNode paths;

  @BeforeAll
  static void start() throws Exception {
    harness = new ServerHarness(dir).start();
    paths = json(harness.get("/openapi.json")).get("paths");
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  @Test
  void everyRouteOfTheServerIsDocumentedAndEveryDocumentedOperationIsARoute() throws Exception {
    assertThat(documented(paths)).isEqualTo(routes(harness.server.http()));
  }

  @Test
  void everyPathParameterIsDeclaredOnItsOperation() {
    {
      List<String> undeclared = new ArrayList<>();
      for (Map.Entry<String, JsonNode> path : paths.properties()) {
        for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
          if (!METHODS.contains(operation.getKey())) {
            continue;
          }
          Set<String> declared = new TreeSet<>();
          for (JsonNode owner : List.of(path.getValue(), operation.getValue())) {
            for (JsonNode parameter : owner.path("parameters")) {
              if ("path".equals(parameter.path("in").asText())) {
                declared.add(parameter.path("name").asText());
              }
            }
          }
          Matcher names = PATH_PARAMETER.matcher(path.getKey());
          while (names.find()) {
            if (!declared.contains(names.group(1))) {
              undeclared.add(operation.getKey() + " " + path.getKey() + ": " + names.group(1));
            }
          }
        }
      }

      assertThat(undeclared).isEmpty();
    }
  }

  @Test
  void theAgentsApprovalPollNamesEveryStatusAnApprovalCanHave() {
    {
      JsonNode status =
          paths.at(
              "/~1internal~1investigations~1{id}~1approvals~1{callId}/get/responses/200"
                  + "/content/application~1json/schema/properties/status/enum");

      assertThat(StreamSupport.stream(status.spliterator(), false).map(JsonNode::asText).toList())
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(Approval.Status.values())
                  .map(s -> s.name().toLowerCase(Locale.ROOT))
                  .toList());
    }
  }

  private static Set<String> documented(JsonNode paths) {
    Set<String> operations = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (METHODS.contains(operation.getKey())) {
          operations.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    return operations;
  }

  private static Set<String> routes(Javalin http) {
    Set<String> routes = new TreeSet<>();
    http.unsafe.internalRouter.allHttpHandlers().stream()
        .map(parsed -> parsed.endpoint)
        .filter(e -> e.method.isHttpMethod() && e.method != HandlerType.HEAD)
        .filter(e -> !PAGES.contains(e.path))
        .forEach(e -> routes.add(e.method.name() + " " + e.path));
    // A WebSocket is opened with a GET that asks for the upgrade.
    http.unsafe.internalRouter.allWsHandlers().stream()
        .filter(ws -> ws.getType() == WsHandlerType.WEBSOCKET)
        .forEach(ws -> routes.add("GET " + ws.getPath()));
    return routes;
  }
}
