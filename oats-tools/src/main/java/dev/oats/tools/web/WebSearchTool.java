package dev.oats.tools.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import dev.oats.tools.web.SearchProvider.Hit;
import dev.oats.tools.web.SearchProvider.Results;
import java.time.Duration;
import java.util.regex.Pattern;

/** {@code web_search}: searches the web through the configured {@link SearchProvider}. */
final class WebSearchTool implements Tool {

  static final String NAME = "web_search";

  static final int DEFAULT_RESULTS = 5;
  static final int MAX_RESULTS = 20;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int SNIPPET_CHARS = 300;
  private static final Pattern TAG = Pattern.compile("<[^>]{0,200}>");

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          """
              Searches the web and returns numbered results: title, URL and a snippet. Use it for \
              error messages you do not recognise, known bugs and their fixes in a given version, or \
              vendor documentation. Quote exact error text. \
              Example: {"query": "\\"OOMKilled\\" exit code 137 JVM container memory limit", "max_results": 5}""",
          ToolCategory.WEB,
          ParameterSchema.object()
              .nonEmptyString(
                  "query",
                  "What to search for: an exact error message in quotes, a product"
                      + " and version, a symptom.")
              .integer(
                  "max_results",
                  p ->
                      p.minimum(1)
                          .maximum(MAX_RESULTS)
                          .defaultValue(DEFAULT_RESULTS)
                          .description(
                              "How many results to return (default " + DEFAULT_RESULTS + ")."))
              .required("query")
              .closed()
              .build());

  private final SearchProvider provider;

  WebSearchTool(SearchProvider provider) {
    this.provider = provider;
  }

  SearchProvider provider() {
    return provider;
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
      return ToolResult.error("query is required: say what to search for.");
    }
    int maxResults = arguments.path("max_results").asInt(DEFAULT_RESULTS);
    try {
      Results results =
          provider.search(query, maxResults, WebHttp.timeLeft(context.deadline(), TIMEOUT));
      return render(query, results);
    } catch (BackendException e) {
      return ToolResult.error(e.getMessage());
    }
  }

  private ToolResult render(String query, Results results) {
    String problems =
        results.problems().isEmpty() ? "" : "\nNote: " + String.join("; ", results.problems());
    if (results.hits().isEmpty()) {
      return ToolResult.noData(
          "No web results from %s for \"%s\". Try fewer or more general words.%s"
              .formatted(provider.name(), query, problems));
    }
    StringBuilder out =
        new StringBuilder(
            "%d results from %s for \"%s\":\n"
                .formatted(results.hits().size(), provider.name(), query));
    int number = 1;
    for (Hit hit : results.hits()) {
      out.append('\n').append(number++).append(". ").append(plain(hit.title())).append('\n');
      out.append("   ").append(hit.url()).append('\n');
      String snippet = plain(hit.snippet());
      if (!snippet.isEmpty()) {
        out.append("   ").append(shorten(snippet)).append('\n');
      }
    }
    return ToolResult.success(out.toString().stripTrailing() + problems);
  }

  /** Snippets carry highlighting tags and entities (Brave's {@code <strong>}); keep the text. */
  private static String plain(String html) {
    return TAG.matcher(html)
        .replaceAll("")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replaceAll("\\s+", " ")
        .strip();
  }

  private static String shorten(String text) {
    return text.length() <= SNIPPET_CHARS
        ? text
        : dev.oats.redact.SafeCut.head(text, SNIPPET_CHARS) + "…";
  }
}
