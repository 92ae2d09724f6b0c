package dev.oats.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.EventLogger;
import dev.oats.event.RecordedEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Continues a stored investigation through the server's API: posts the question, then follows the
 * run that answers it on the investigation's event stream, and prints the answer.
 */
@Command(
    name = "ask",
    description = {
      "Ask a follow-up question about an investigation the server has, and print the answer.",
      "The key comes from OATS_API_KEY; the server from --server or OATS_URL"
          + " (default http://localhost:8000)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the answer was printed",
      "1:no answer (no key, server unreachable or refused, the run failed)",
      "2:bad command line"
    },
    footer = {"%nExample:", "  oats ask 1a2b3c4d-... \"and why did the memory grow?\""})
final class AskCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Parameters(index = "0", paramLabel = "ID", description = "The investigation's id (job_id).")
  String id;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "QUESTION",
      description = "The follow-up question, in plain words.")
  List<String> question;

  @Option(names = "--server", description = "The OATS server's URL (default: OATS_URL).")
  String server;

  @Option(names = "--json", description = "Print every event of the run as one JSON line.")
  boolean json;

  /**
   * Made when the command runs, not when picocli instantiates every subcommand: a client loads the
   * TLS trust store, which would add most of a second to the start of every other command.
   */
  private HttpClient http;

  @Override
  public Integer call() throws Exception {
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String key = main.environment.get("OATS_API_KEY");
    if (key == null || key.isBlank()) {
      main.err.println(
          "ERROR: set OATS_API_KEY to an API key of the server (its first start printed one, or"
              + " see OATS_API_KEYS).");
      return 1;
    }
    String base = baseUrl();
    HttpResponse<String> asked;
    try {
      asked =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/investigations/" + id + "/messages"))
                  .timeout(Duration.ofSeconds(30))
                  .header("X-API-Key", key.strip())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          EventJson.write(Map.of("message", String.join(" ", question)))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      main.err.println("ERROR: the OATS server at " + base + " does not answer. Is it running?");
      return 1;
    }
    JsonNode answer = EventJson.MAPPER.readTree(asked.body());
    if (asked.statusCode() != 202) {
      main.err.println("ERROR: " + answer.path("error").path("message").asText(asked.body()));
      return 1;
    }
    main.err.println(answer.path("message").asText());
    return follow(base, key.strip(), answer.path("seq").asLong() - 1);
  }

  private String baseUrl() {
    String url =
        server != null
            ? server
            : main.environment.getOrDefault("OATS_URL", "http://localhost:8000");
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Follows the event stream from the question on, until the run ends; 0 when it answered. */
  private int follow(String base, String key, long after) throws IOException, InterruptedException {
    HttpResponse<InputStream> stream =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/investigations/" + id + "/events"))
                .header("X-API-Key", key)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(after))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    EventLogger logger = new EventLogger();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("data:")) {
          continue;
        }
        RecordedEvent recorded = EventJson.readRecorded(line.substring(5).strip());
        if (json) {
          main.out.println(EventJson.write(recorded));
        } else {
          logger.emit(recorded.event());
        }
        switch (recorded.event()) {
          case AgentEvent.Paused p ->
              main.err.println(
                  "Waiting for approval of call %s: decide in the web UI or with POST"
                          .formatted(p.callId())
                      + " /investigations/%s/approvals/%s.".formatted(id, p.callId()));
          case AgentEvent.Finished f -> {
            if (!json) {
              main.out.println(f.result().strip());
            }
            return 0;
          }
          case AgentEvent.Failed f -> {
            main.err.println("The run failed: " + f.reason());
            return 1;
          }
          default -> {}
        }
      }
    }
    main.err.println("ERROR: the event stream ended before the run did.");
    return 1;
  }
}
