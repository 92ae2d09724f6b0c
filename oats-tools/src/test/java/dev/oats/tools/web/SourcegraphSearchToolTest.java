package dev.oats.tools.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolProvider.Offer;
import dev.oats.tool.ToolResult;
import dev.oats.tools.testsupport.LoopbackServer;
import dev.oats.tools.testsupport.LoopbackServer.Reply;
import dev.oats.tools.testsupport.ToolRunner;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** sourcegraph_search against a fake Sourcegraph that answers in the GraphQL API's shape. */
class SourcegraphSearchToolTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String THREE_FILES =
      """
      {"data": {"search": {"results": {
        "matchCount": 5,
        "approximateResultCount": "5",
        "limitHit": false,
        "alert": null,
        "timedout": [],
        "cloning": [],
        "results": [
          {"__typename": "FileMatch",
           "repository": {"name": "github.com/acme/checkout"},
           "file": {"path": "internal/db/pool.go", "url": "/github.com/acme/checkout/-/blob/internal/db/pool.go"},
           "lineMatches": [
             {"preview": "\\treturn nil, errors.New(\\"connection pool exhausted\\")", "lineNumber": 41},
             {"preview": "// connection pool exhausted is retried by the caller", "lineNumber": 87}]},
          {"__typename": "FileMatch",
           "repository": {"name": "github.com/acme/checkout"},
           "file": {"path": "docs/runbook.md", "url": "/github.com/acme/checkout/-/blob/docs/runbook.md"},
           "lineMatches": [{"preview": "## connection pool exhausted", "lineNumber": 0}]},
          {"__typename": "FileMatch",
           "repository": {"name": "github.com/acme/billing"},
           "file": {"path": "db/pool.py", "url": "/github.com/acme/billing/-/blob/db/pool.py"},
           "lineMatches": [
             {"preview": "raise PoolError('connection pool exhausted')", "lineNumber": 9},
             {"preview": "    # connection pool exhausted", "lineNumber": 19}]}
        ]}}}}
      """;

  private final LoopbackServer server = LoopbackServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void matchesAreGroupedByRepositoryAndFileWithLineNumbersCountedFromOne() {
    server.route("/.api/graphql", request -> Reply.json(THREE_FILES));

    ToolResult result =
        ToolRunner.call(tool(), "{\"query\": \"\\\"connection pool exhausted\\\"\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .isEqualTo(
            """
            Sourcegraph `"connection pool exhausted" count:20`: 5 matches (about 5 results); showing 3 files in 2 repositories.

            github.com/acme/checkout
              internal/db/pool.go  %1$s/github.com/acme/checkout/-/blob/internal/db/pool.go
                42: return nil, errors.New("connection pool exhausted")
                88: // connection pool exhausted is retried by the caller
              docs/runbook.md  %1$s/github.com/acme/checkout/-/blob/docs/runbook.md
                1: ## connection pool exhausted

            github.com/acme/billing
              db/pool.py  %1$s/github.com/acme/billing/-/blob/db/pool.py
                10: raise PoolError('connection pool exhausted')
                20: # connection pool exhausted"""
                .formatted(server.uri()));
  }

  @Test
  void theRequestIsAGraphqlSearchWithTheTokenAndTheQueryAsAVariable() throws Exception {
    server.route("/.api/graphql", request -> Reply.json(THREE_FILES));

    ToolRunner.call(tool(), "{\"query\": \"repo:acme/ panic\", \"max_results\": 7}");

    LoopbackServer.Request request = server.lastRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/.api/graphql");
    assertThat(request.header("Authorization")).isEqualTo("token sgp_test");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.path("variables").path("query").asText()).isEqualTo("repo:acme/ panic count:7");
    assertThat(body.path("query").asText())
        .contains("search(query: $query, version: V3)")
        .contains("... on FileMatch")
        .contains("lineMatches { preview lineNumber }")
        .contains("alert { title description");
  }

  @Test
  void maxResultsCapsTheFilesAndAQueryWithItsOwnCountIsLeftAlone() throws Exception {
    server.route("/.api/graphql", request -> Reply.json(THREE_FILES));

    ToolResult result =
        ToolRunner.call(tool(), "{\"query\": \"pool count:all\", \"max_results\": 2}");

    assertThat(JSON.readTree(server.lastRequest().body()).path("variables").path("query").asText())
        .isEqualTo("pool count:all");
    assertThat(result.output())
        .contains("showing 2 files in 1 repository")
        .doesNotContain("billing");
  }

  @Test
  void aWrongTokenIsReportedAsSuch() {
    server.route("/.api/graphql", request -> Reply.text(401, "Invalid access token.\n"));

    ToolResult result = ToolRunner.call(tool(), "{\"query\": \"panic\"}");

    assertThat(result.error())
        .startsWith("the Sourcegraph token is missing or wrong (401 from " + server.uri())
        .contains("Invalid access token.")
        .contains("OATS_SOURCEGRAPH_TOKEN");
  }

  @Test
  void graphqlErrorsAreSurfaced() {
    server.route(
        "/.api/graphql",
        request ->
            Reply.json(
                "{\"errors\": [{\"message\": \"invalid query: unsupported filter \\\"lnag\\\"\","
                    + " \"path\": [\"search\"]}], \"data\": {\"search\": null}}"));

    ToolResult result = ToolRunner.call(tool(), "{\"query\": \"lnag:go panic\"}");

    assertThat(result.error())
        .startsWith(
            "Sourcegraph rejected the search: invalid query: unsupported filter \"lnag\". Check"
                + " the query syntax");
  }

  @Test
  void anAlertWithoutResultsIsAnErrorThatCarriesTheAlertAndItsProposals() {
    server.route(
        "/.api/graphql",
        request ->
            Reply.json(
                """
                {"data": {"search": {"results": {
                  "matchCount": 0, "approximateResultCount": "0", "limitHit": false,
                  "alert": {"title": "Timed out while searching",
                            "description": "We weren't able to find any results in 10s.",
                            "proposedQueries": [{"description": "narrow", "query": "repo:acme/checkout panic"}]},
                  "timedout": [{"name": "github.com/acme/monolith"}], "cloning": [], "results": []}}}}
                """));

    ToolResult result = ToolRunner.call(tool(), "{\"query\": \"panic\"}");

    assertThat(result.error())
        .startsWith(
            "Sourcegraph did not search: Timed out while searching — We weren't able to find any"
                + " results in 10s. Try: repo:acme/checkout panic")
        .contains("Timed out in: github.com/acme/monolith");
  }

  @Test
  void noMatchesIsNoDataWithAHint() {
    server.route(
        "/.api/graphql",
        request ->
            Reply.json(
                "{\"data\": {\"search\": {\"results\": {\"matchCount\": 0, \"approximateResultCount\":"
                    + " \"0\", \"limitHit\": false, \"alert\": null, \"timedout\": [], \"cloning\":"
                    + " [{\"name\": \"github.com/acme/new\"}], \"results\": []}}}}"));

    ToolResult result = ToolRunner.call(tool(), "{\"query\": \"xyzzy\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output())
        .startsWith("No code matched `xyzzy count:20`.")
        .contains("Still cloning, not searched: github.com/acme/new.");
  }

  @Test
  void aSourcegraphThatIsNotRunningIsReportedWithItsUrl() {
    String url = "http://127.0.0.1:" + ToolRunner.closedPort();
    Tool tool = WebTools.offers(Map.of("OATS_SOURCEGRAPH_URL", url)).getFirst().tool();

    ToolResult result = ToolRunner.call(tool, "{\"query\": \"panic\"}");

    assertThat(result.error())
        .isEqualTo(
            "Cannot reach Sourcegraph at %s: connection refused. Check OATS_SOURCEGRAPH_URL and"
                    .formatted(url)
                + " that the service is running and reachable.");
  }

  @Test
  void aSourcegraphThatDoesNotAnswerInTimeIsReported() throws Exception {
    server.hang("/.api/graphql");

    ToolResult result = ToolRunner.execute(tool(), "{\"query\": \"panic\"}", Duration.ofSeconds(1));

    assertThat(result.error())
        .startsWith("Sourcegraph at " + server.uri() + " did not answer within 1 s.");
  }

  @Test
  void withoutAUrlTheToolIsDisabledAndWithOneItSearchesCode() {
    Offer disabled = WebTools.offers(Map.of()).getFirst();
    Offer enabled = WebTools.offers(settings()).getFirst();

    assertThat(disabled.name()).isEqualTo("sourcegraph_search");
    assertThat(disabled.disabledReason()).startsWith("OATS_SOURCEGRAPH_URL is not set");
    assertThat(enabled.tool().category()).isEqualTo(ToolCategory.CODE);
    assertThat(enabled.tool().description()).contains("Example: {\"query\": ");
  }

  @Test
  void theExampleInTheDescriptionPassesTheSchema() {
    server.route("/.api/graphql", request -> Reply.json(THREE_FILES));
    Tool tool = tool();
    String example = tool.description().substring(tool.description().indexOf("Example: ") + 9);

    assertThat(ToolRunner.call(tool, example).status()).isEqualTo(ToolResult.Status.SUCCESS);
  }

  private Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("OATS_SOURCEGRAPH_URL", server.uri() + "/");
    settings.put("OATS_SOURCEGRAPH_TOKEN", "sgp_test");
    return settings;
  }

  private Tool tool() {
    return WebTools.offers(settings()).getFirst().tool();
  }
}
