package dev.oats.tools.web;

import static org.assertj.core.api.Assertions.assertThat;

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

/** web_search against fake SearXNG and Brave Search servers answering in their JSON shapes. */
class WebSearchToolTest {

  private static final String SEARXNG_RESULTS =
      """
      {"query": "OOMKilled exit code 137",
       "number_of_results": 0,
       "results": [
         {"url": "https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/",
          "title": "Assign Memory Resources to Containers and Pods",
          "content": "If a Container allocates more memory than its limit, the Container becomes a candidate for termination.",
          "engine": "duckduckgo", "engines": ["duckduckgo"], "score": 2.0, "category": "general"},
         {"url": "https://example.com/oom", "title": "Exit code 137 &amp; OOMKilled explained",
          "content": "", "engine": "brave", "engines": ["brave"], "score": 1.0, "category": "general"},
         {"url": "https://example.com/3", "title": "Third", "content": "three", "engine": "x"},
         {"url": "https://example.com/4", "title": "Fourth", "content": "four", "engine": "x"}
       ],
       "answers": [], "corrections": [], "infoboxes": [], "suggestions": [],
       "unresponsive_engines": [["google", "timeout"]]}
      """;

  private static final String BRAVE_RESULTS =
      """
      {"type": "search",
       "query": {"original": "JVM container memory limit"},
       "web": {"type": "search", "results": [
         {"title": "Java and containers", "url": "https://example.org/java-containers",
          "description": "Since JDK 10 the <strong>JVM</strong> reads the <strong>container memory limit</strong> &amp; sizes the heap.",
          "is_source_local": false, "is_source_both": false, "family_friendly": true},
         {"title": "MaxRAMPercentage", "url": "https://example.org/maxram",
          "description": "Use -XX:MaxRAMPercentage=75", "family_friendly": true}
       ]}}
      """;

  private final LoopbackServer searxng = LoopbackServer.start();
  private final LoopbackServer brave = LoopbackServer.start();

  @AfterEach
  void stop() {
    searxng.close();
    brave.close();
  }

  @Test
  void searxngResultsAreNumberedWithTitleUrlAndSnippet() {
    searxng.route("/search", request -> Reply.json(SEARXNG_RESULTS));

    ToolResult result =
        ToolRunner.call(
            tool(Map.of("OATS_SEARXNG_URL", searxng.uri().toString())),
            "{\"query\": \"OOMKilled exit code 137\", \"max_results\": 2}");

    assertThat(result.output())
        .isEqualTo(
            """
            2 results from searxng for "OOMKilled exit code 137":

            1. Assign Memory Resources to Containers and Pods
               https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/
               If a Container allocates more memory than its limit, the Container becomes a candidate for termination.

            2. Exit code 137 & OOMKilled explained
               https://example.com/oom
            Note: engines that failed: google (timeout)""");
    LoopbackServer.Request request = searxng.lastRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.query())
        .containsEntry("q", "OOMKilled exit code 137")
        .containsEntry("format", "json");
  }

  @Test
  void searxngWithoutJsonEnabledSaysHowToEnableIt() {
    searxng.route("/search", request -> new Reply(403, "text/html", "<h1>403 Forbidden</h1>"));

    ToolResult result =
        ToolRunner.call(
            tool(Map.of("OATS_SEARXNG_URL", searxng.uri().toString())), "{\"query\": \"x\"}");

    assertThat(result.error())
        .isEqualTo(
            "SearXNG at %s refused the JSON API (403): enable it by adding json to search.formats"
                    .formatted(searxng.uri())
                + " in the instance's settings.yml.");
  }

  @Test
  void searxngRateLimitingIsReported() {
    searxng.route("/search", request -> Reply.text(429, "Too Many Requests"));

    ToolResult result =
        ToolRunner.call(
            tool(Map.of("OATS_SEARXNG_URL", searxng.uri().toString())), "{\"query\": \"x\"}");

    assertThat(result.error()).contains("is rate limiting this client (429)");
  }

  @Test
  void braveResultsAreNumberedAndTheirHighlightingIsRemoved() {
    brave.route("/res/v1/web/search", request -> Reply.json(BRAVE_RESULTS));

    ToolResult result = ToolRunner.call(braveTool(), "{\"query\": \"JVM container memory limit\"}");

    assertThat(result.output())
        .isEqualTo(
            """
            2 results from brave for "JVM container memory limit":

            1. Java and containers
               https://example.org/java-containers
               Since JDK 10 the JVM reads the container memory limit & sizes the heap.

            2. MaxRAMPercentage
               https://example.org/maxram
               Use -XX:MaxRAMPercentage=75""");
    LoopbackServer.Request request = brave.lastRequest();
    assertThat(request.header("X-Subscription-Token")).isEqualTo("brave-key");
    assertThat(request.header("Accept")).isEqualTo("application/json");
    assertThat(request.query())
        .containsEntry("q", "JVM container memory limit")
        .containsEntry("count", "5");
  }

  @Test
  void aKeyBraveRejectsIsNamed() {
    brave.route(
        "/res/v1/web/search",
        request ->
            Reply.json(
                422,
                "{\"type\": \"ErrorResponse\", \"error\": {\"id\": \"abc\", \"status\": 422,"
                    + " \"code\": \"SUBSCRIPTION_TOKEN_INVALID\", \"detail\": \"The provided"
                    + " subscription token is invalid.\"}, \"time\": 1714557600}"));

    ToolResult result = ToolRunner.call(braveTool(), "{\"query\": \"x\"}");

    assertThat(result.error())
        .isEqualTo(
            "Brave Search rejected the API key (422: The provided subscription token is"
                + " invalid.): check OATS_WEB_SEARCH_API_KEY.");
  }

  @Test
  void braveUnauthorisedForbiddenAndRateLimitedEachSayWhatToDo() {
    int[] status = {401};
    brave.route(
        "/res/v1/web/search",
        request ->
            Reply.json(
                status[0],
                "{\"type\": \"ErrorResponse\", \"error\": {\"status\": %d, \"code\": \"X\","
                        .formatted(status[0])
                    + " \"detail\": \"Request failed.\"}}"));
    Tool tool = braveTool();

    assertThat(ToolRunner.call(tool, "{\"query\": \"x\"}").error())
        .startsWith("Brave Search rejected the API key (401");
    status[0] = 403;
    assertThat(ToolRunner.call(tool, "{\"query\": \"x\"}").error())
        .startsWith("Brave Search refused the request (403: Request failed.)");
    status[0] = 429;
    assertThat(ToolRunner.call(tool, "{\"query\": \"x\"}").error())
        .startsWith("Brave Search rate limit or quota reached (429: Request failed.): wait");
  }

  @Test
  void noResultsIsNoData() {
    brave.route("/res/v1/web/search", request -> Reply.json("{\"type\": \"search\"}"));

    ToolResult result = ToolRunner.call(braveTool(), "{\"query\": \"xyzzy plugh\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output()).startsWith("No web results from brave for \"xyzzy plugh\".");
  }

  @Test
  void aBackendThatIsDownOrSlowIsReported() throws Exception {
    String down = "http://127.0.0.1:" + ToolRunner.closedPort();
    assertThat(
            ToolRunner.call(tool(Map.of("OATS_SEARXNG_URL", down)), "{\"query\": \"x\"}").error())
        .isEqualTo(
            "Cannot reach SearXNG at %s: connection refused. Check OATS_SEARXNG_URL and that the"
                    .formatted(down)
                + " service is running and reachable.");

    brave.hang("/res/v1/web/search");
    assertThat(ToolRunner.execute(braveTool(), "{\"query\": \"x\"}", Duration.ofSeconds(1)).error())
        .startsWith("Brave Search at " + brave.uri() + " did not answer within 1 s.");
  }

  @Test
  void theProviderIsTheOneAskedForElseSearxngElseBrave() {
    searxng.route("/search", request -> Reply.json(SEARXNG_RESULTS));
    brave.route("/res/v1/web/search", request -> Reply.json(BRAVE_RESULTS));
    Map<String, String> both = new HashMap<>(braveSettings());
    both.put("OATS_SEARXNG_URL", searxng.uri().toString());

    ToolRunner.call(tool(both), "{\"query\": \"one\"}");
    both.put("OATS_WEB_SEARCH_PROVIDER", "brave");
    ToolRunner.call(tool(both), "{\"query\": \"two\"}");
    both.remove("OATS_SEARXNG_URL");
    both.remove("OATS_WEB_SEARCH_PROVIDER");
    ToolRunner.call(tool(both), "{\"query\": \"three\"}");

    assertThat(searxng.requests()).extracting(r -> r.query().get("q")).containsExactly("one");
    assertThat(brave.requests())
        .extracting(r -> r.query().get("q"))
        .containsExactly("two", "three");
  }

  @Test
  void withoutABackendTheToolIsDisabledSayingWhatToSet() {
    assertThat(offer(Map.of()).disabledReason())
        .isEqualTo(
            "no web search backend is configured: set OATS_SEARXNG_URL to a SearXNG instance with"
                + " JSON output enabled, or OATS_WEB_SEARCH_API_KEY to a Brave Search API key (with"
                + " OATS_WEB_SEARCH_PROVIDER=brave)");
    assertThat(offer(Map.of("OATS_WEB_SEARCH_PROVIDER", "brave")).disabledReason())
        .isEqualTo("OATS_WEB_SEARCH_PROVIDER is brave but OATS_WEB_SEARCH_API_KEY is not set");
    assertThat(offer(Map.of("OATS_WEB_SEARCH_PROVIDER", "searxng")).disabledReason())
        .isEqualTo("OATS_WEB_SEARCH_PROVIDER is searxng but OATS_SEARXNG_URL is not set");
    assertThat(offer(Map.of("OATS_WEB_SEARCH_PROVIDER", "google")).disabledReason())
        .isEqualTo("OATS_WEB_SEARCH_PROVIDER is 'google': use searxng or brave");
    assertThat(offer(Map.of("OATS_SEARXNG_URL", "searx.local")).disabledReason())
        .startsWith("OATS_SEARXNG_URL 'searx.local' is not a valid URL");
  }

  @Test
  void theToolDescribesItselfWithAnExampleThatPassesItsSchema() {
    brave.route("/res/v1/web/search", request -> Reply.json(BRAVE_RESULTS));
    Tool tool = braveTool();
    String example = tool.description().substring(tool.description().indexOf("Example: ") + 9);

    assertThat(tool.category()).isEqualTo(ToolCategory.WEB);
    assertThat(ToolRunner.call(tool, example).status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(ToolRunner.call(tool, "{\"query\": \"x\", \"max_results\": 50}").error())
        .startsWith("Invalid arguments for web_search");
  }

  private Map<String, String> braveSettings() {
    return Map.of("OATS_WEB_SEARCH_API_KEY", "brave-key", "OATS_BRAVE_URL", brave.uri().toString());
  }

  private Tool braveTool() {
    return tool(braveSettings());
  }

  private static Offer offer(Map<String, String> settings) {
    return WebTools.offers(settings).get(1);
  }

  private static Tool tool(Map<String, String> settings) {
    Offer offer = offer(settings);
    assertThat(offer.isEnabled()).as(offer.disabledReason()).isTrue();
    return offer.tool();
  }
}
