package dev.oats.tools.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import dev.oats.tools.ServiceHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code sourcegraph_search}: code search across repositories through Sourcegraph's GraphQL API
 * ({@code POST /.api/graphql}, {@code search(query:, version: V3)}), grouped by repository and
 * file.
 */
final class SourcegraphSearchTool implements Tool {

  static final String NAME = "sourcegraph_search";
  static final String URL = "OATS_SOURCEGRAPH_URL";
  static final String TOKEN = "OATS_SOURCEGRAPH_TOKEN";

  static final int DEFAULT_RESULTS = 20;

  private static final Duration TIMEOUT = Duration.ofSeconds(45);
  private static final Pattern HAS_COUNT = Pattern.compile("(^|\\s)count:\\S");

  /** The fields of Sourcegraph's schema that the report uses, and nothing more. */
  static final String GRAPHQL =
      """
      query OatsSearch($query: String!) {
        search(query: $query, version: V3) {
          results {
            matchCount
            approximateResultCount
            limitHit
            alert { title description proposedQueries { description query } }
            timedout { name }
            cloning { name }
            results {
              __typename
              ... on FileMatch {
                repository { name }
                file { path url }
                lineMatches { preview lineNumber }
              }
              ... on Repository { name url }
            }
          }
        }
      }
      """;

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          """
              Searches code across the organisation's repositories with Sourcegraph and returns matches \
              grouped by repository and file, with line numbers. Use it to find where an error message \
              is raised, where a config key or env var is read, or who calls a function. Filters: \
              repo:<regexp>, file:<regexp>, lang:<name>, type:symbol, case:yes; quote exact phrases. \
              Example: {"query": "repo:acme/checkout \\"connection pool exhausted\\" lang:go", "max_results": 10}""",
          ToolCategory.CODE,
          ParameterSchema.object()
              .nonEmptyString(
                  "query",
                  "A Sourcegraph query: words or a regexp, with filters such as repo:,"
                      + " file:, lang:, type:symbol, case:yes.")
              .integer(
                  "max_results",
                  p ->
                      p.minimum(1)
                          .maximum(100)
                          .defaultValue(DEFAULT_RESULTS)
                          .description(
                              "How many files (or repositories) to return (default "
                                  + DEFAULT_RESULTS
                                  + ")."))
              .required("query")
              .closed()
              .build());

  private final URI base;
  private final String token;
  private final HttpClient http;

  /**
   * @param base the Sourcegraph instance, without a trailing slash
   * @param token an access token, or null to search anonymously
   */
  SourcegraphSearchTool(URI base, String token, HttpClient http) {
    this.base = base;
    this.token = token;
    this.http = http;
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public Duration timeout() {
    return TIMEOUT;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) throws InterruptedException {
    String query = arguments.path("query").asText("").strip();
    if (query.isEmpty()) {
      return ToolResult.error(
          "query is required: give a Sourcegraph query such as repo:acme/api panic");
    }
    int maxResults = arguments.path("max_results").asInt(DEFAULT_RESULTS);
    String sent = HAS_COUNT.matcher(query).find() ? query : query + " count:" + maxResults;
    try {
      JsonNode body = call(sent, WebHttp.timeLeft(context.deadline(), TIMEOUT));
      return SourcegraphReport.render(body, sent, maxResults, base);
    } catch (BackendException e) {
      return ToolResult.error(e.getMessage());
    }
  }

  private JsonNode call(String query, Duration timeout)
      throws BackendException, InterruptedException {
    ObjectNode payload = WebHttp.JSON.createObjectNode();
    payload.put("query", GRAPHQL);
    payload.putObject("variables").put("query", query);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/.api/graphql"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(payload.toString()));
    if (token != null) {
      request.header("Authorization", "token " + token);
    }
    HttpResponse<String> response = WebHttp.send(http, request.build(), "Sourcegraph", URL);
    JsonNode body = ServiceHttp.jsonObject(response.body());
    if (response.statusCode() != 200 || body == null) {
      throw failure(response);
    }
    List<String> errors = new ArrayList<>();
    body.path("errors").forEach(error -> errors.add(error.path("message").asText()));
    JsonNode search = body.path("data").path("search");
    if (!errors.isEmpty() && (search.isMissingNode() || search.isNull())) {
      throw new BackendException(
          "Sourcegraph rejected the search: %s. Check the query syntax (filters such as repo:, file:, lang:)."
              .formatted(String.join("; ", errors)));
    }
    return body;
  }

  private BackendException failure(HttpResponse<String> response) {
    int status = response.statusCode();
    String excerpt = ServiceHttp.excerpt(response.body());
    return new BackendException(
        switch (status) {
          case 401 ->
              "the Sourcegraph token is missing or wrong (401 from %s: %s): set %s to an access token from Sourcegraph's user settings > Access tokens."
                  .formatted(base, excerpt, TOKEN);
          case 403 ->
              "Sourcegraph at %s refused the search (403: %s): the token in %s lacks access."
                  .formatted(base, excerpt, TOKEN);
          case 404 ->
              "Sourcegraph at %s has no GraphQL API at /.api/graphql (404): set %s to the instance's root URL."
                  .formatted(base, URL);
          case 429 ->
              "Sourcegraph at %s is rate limiting (429: %s): wait before searching again."
                  .formatted(base, excerpt);
          default -> "Sourcegraph at %s answered HTTP %d (%s).".formatted(base, status, excerpt);
        });
  }
}
