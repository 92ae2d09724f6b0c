package dev.oats.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.agent.ApprovalGate;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an agent's events to the OATS server that started it as a Kubernetes Job: {@code POST
 * {OATS_SERVER_URL}/internal/investigations/{id}/events} with {@code Authorization: Bearer
 * OATS_EVENT_TOKEN} (or the token in {@code OATS_EVENT_TOKEN_FILE}), in order, in batches, from a
 * thread of its own, so that the agent never waits for the network.
 *
 * <p>Failures are retried with backoff, because the server may be restarting; a resent batch is
 * harmless: each event goes with this run's id and its local number, by which the server recognises
 * an event it already has (and refuses one that differs). The server gives each event its place in
 * the investigation's log. Delivery never fails the investigation: when the server cannot be
 * reached, it settles the investigation from the Job's status instead.
 *
 * <p>The first request is an empty batch that learns the investigation's status. A Job retried by
 * Kubernetes (after an OOM kill, say) runs a second agent with a run id of its own, so its events
 * follow the first agent's in the log rather than mix with them. When the server says the
 * investigation has already ended, the agent stops.
 */
final class EventDelivery implements Consumer<RecordedEvent>, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventDelivery.class);
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "cancelled");

  /** Stays under the server's 64 KiB limit on a request body. */
  static final int MAX_BATCH_BYTES = 48 * 1024;

  private static final int MAX_BATCH_EVENTS = 100;

  /**
   * How delivery paces itself.
   *
   * @param flushEvery how long events gather into a batch; a terminal event is sent at once
   * @param firstBackoff the wait after the first failure, doubled after each further one
   * @param maxBackoff the longest wait between retries
   * @param requestTimeout the longest one request may take
   */
  record Timing(
      Duration flushEvery, Duration firstBackoff, Duration maxBackoff, Duration requestTimeout) {
    static final Timing DEFAULT =
        new Timing(
            Duration.ofMillis(500),
            Duration.ofMillis(250),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));
  }

  /** What one request came to. */
  private sealed interface Answer {
    record Accepted(long lastSeq, String status) implements Answer {}

    record TryAgain(String why) implements Answer {}

    /** The server will never take this batch as it is (too large, unreadable). */
    record Rejected(String why) implements Answer {}

    /** The server will take nothing from this agent (wrong token, unknown investigation). */
    record Refused(String why) implements Answer {}
  }

  private final HttpClient http;
  private final URI endpoint;
  private final String runId = UUID.randomUUID().toString();
  private final Supplier<String> token;
  private final Timing timing;
  private final Thread sender;

  // Guarded by this.
  private final List<RecordedEvent> pending = new ArrayList<>();

  /** The log's length when the server first answered; null until it has. */
  private Long serverLastSeq;

  private boolean urgent;
  private long gatherUntilNanos;
  private boolean closing;
  private boolean stopped;
  private String serverStatus;
  private int batchLimit = MAX_BATCH_EVENTS;

  EventDelivery(String serverUrl, String investigationId, String token, Timing timing) {
    this(serverUrl, investigationId, () -> token, timing);
  }

  /**
   * @param token the token for each request, asked anew every time (a pod's projected token is
   *     rotated by the kubelet)
   */
  EventDelivery(String serverUrl, String investigationId, Supplier<String> token, Timing timing) {
    String base =
        serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    this.endpoint = URI.create(base + "/internal/investigations/" + investigationId + "/events");
    this.token = token;
    this.timing = timing;
    this.http = HttpClient.newBuilder().connectTimeout(timing.requestTimeout()).build();
    this.sender = Thread.ofPlatform().daemon().name("oats-event-delivery").start(this::run);
  }

  /**
   * Delivery to the server when the Job set it up ({@code OATS_SERVER_URL}, {@code
   * OATS_EVENT_TOKEN} and {@code OATS_INVESTIGATION_ID} all present), else empty: run by hand,
   * {@code oats agent} only prints its log.
   */
  static Optional<EventDelivery> fromEnvironment(Map<String, String> env) {
    String url = env.get("OATS_SERVER_URL");
    String token = env.get("OATS_EVENT_TOKEN");
    String id = env.get("OATS_INVESTIGATION_ID");
    if (!configured(env)) {
      return Optional.empty();
    }
    Supplier<String> tokens =
        blank(token)
            ? new TokenFile(Path.of(env.get("OATS_EVENT_TOKEN_FILE").strip()))
            : () -> token.strip();
    return Optional.of(new EventDelivery(url.strip(), id.strip(), tokens, Timing.DEFAULT));
  }

  /**
   * Whether the Job set up delivery to a server: its URL, the investigation, and a token, given
   * ({@code OATS_EVENT_TOKEN}) or in a file ({@code OATS_EVENT_TOKEN_FILE}: the pod's projected
   * service-account token with {@code OATS_AGENT_AUTH=pod-token}).
   */
  static boolean configured(Map<String, String> env) {
    return !blank(env.get("OATS_SERVER_URL"))
        && (!blank(env.get("OATS_EVENT_TOKEN")) || !blank(env.get("OATS_EVENT_TOKEN_FILE")))
        && !blank(env.get("OATS_INVESTIGATION_ID"));
  }

  /**
   * A token read from its file for each request, because the kubelet rewrites a projected token
   * before it expires. Read once at the start, so that a missing file is said at once; later, a
   * read that fails (the kubelet swaps the file) gives the last token read.
   */
  static final class TokenFile implements Supplier<String> {
    private final Path file;
    private volatile String last;

    TokenFile(Path file) {
      this.file = file;
      this.last = read();
      if (last == null) {
        throw new IllegalStateException(
            "OATS_EVENT_TOKEN_FILE names " + file + ", which cannot be read or is empty");
      }
    }

    @Override
    public String get() {
      String now = read();
      if (now != null) {
        last = now;
      }
      return last;
    }

    private String read() {
      try {
        String token = Files.readString(file).strip();
        return token.isEmpty() ? null : token;
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
  }

  URI endpoint() {
    return endpoint;
  }

  /**
   * The investigation's log so far, for a run that continues it (a follow-up, or a run resumed
   * after an approval); empty for a new investigation. Retried while the server is unreachable.
   *
   * @throws IllegalStateException when the server does not give it within {@code within}
   */
  List<RecordedEvent> history(Duration within) throws InterruptedException {
    URI uri = endpoint;
    Instant deadline = Instant.now().plus(within);
    Duration backoff = timing.firstBackoff();
    String last = "no answer";
    while (true) {
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(timing.requestTimeout())
              .header("Authorization", "Bearer " + token.get())
              .header("Accept", "application/json")
              .GET()
              .build();
      try {
        HttpResponse<String> response =
            http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() == 200) {
          List<RecordedEvent> events = new ArrayList<>();
          for (JsonNode node : EventJson.MAPPER.readTree(response.body()).path("events")) {
            events.add(EventJson.MAPPER.treeToValue(node, RecordedEvent.class));
          }
          return events;
        }
        last = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
        if (response.statusCode() < 500) {
          break;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      if (Instant.now().plus(backoff).isAfter(deadline)) {
        break;
      }
      Thread.sleep(backoff);
      backoff = min(backoff.multipliedBy(2), timing.maxBackoff());
    }
    throw new IllegalStateException(
        "could not read the investigation's events from " + uri + ": " + last);
  }

  /**
   * The decision on a held call, once the server has one; empty while it waits (or while the server
   * has not heard of the call yet, or cannot be reached).
   */
  Optional<ApprovalGate.Decision> decision(String callId) throws InterruptedException {
    URI uri =
        URI.create(
            endpoint.toString().replaceFirst("/events$", "/approvals/")
                + URLEncoder.encode(callId, StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timing.requestTimeout())
            .header("Authorization", "Bearer " + token.get())
            .GET()
            .build();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode answer = EventJson.MAPPER.readTree(response.body());
      String status = answer.path("status").asText();
      String why =
          "%s by %s"
              .formatted(
                  answer.path("reason").asText(status), answer.path("decided_by").asText("oats"));
      return switch (status) {
        case "waiting" -> Optional.empty();
        case "approved" -> Optional.of(ApprovalGate.Decision.approve(why));
        default -> Optional.of(ApprovalGate.Decision.deny(why));
      };
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Queues an event; one that ends the run is sent at once with everything before it. */
  @Override
  public synchronized void accept(RecordedEvent event) {
    if (stopped) {
      return;
    }
    if (pending.isEmpty()) {
      gatherUntilNanos = System.nanoTime() + timing.flushEvery().toNanos();
    }
    pending.add(event);
    if (event.event().endsRun() || event.event() instanceof AgentEvent.ApprovalRequired) {
      urgent = true;
    }
    // The sender sleeps either with nothing to send or while a batch gathers; only the first event
    // and the last one need to wake it.
    if (pending.size() == 1 || urgent) {
      notifyAll();
    }
  }

  /**
   * Waits until the server has answered the first request, or the time is up.
   *
   * @return whether it answered
   */
  synchronized boolean awaitServer(Duration within) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (serverLastSeq == null && !stopped && Instant.now().isBefore(deadline)) {
      wait(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
    }
    return serverLastSeq != null;
  }

  /** The investigation's status on the server once it has ended there ({@code failed}, say). */
  synchronized Optional<String> endedOnServer() {
    return serverStatus != null && TERMINAL.contains(serverStatus)
        ? Optional.of(serverStatus)
        : Optional.empty();
  }

  /**
   * Sends what is left and stops, waiting at most {@code within}.
   *
   * @return whether every event reached the server
   */
  synchronized boolean finish(Duration within) throws InterruptedException {
    closing = true;
    notifyAll();
    Instant deadline = Instant.now().plus(within);
    while (!delivered() && !stopped && Instant.now().isBefore(deadline)) {
      wait(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
    }
    boolean all = delivered();
    if (!all && !stopped) {
      log.warn(
          "{} event(s) could not be delivered to {} within {} s; the server will settle the"
              + " investigation from its Job's status",
          pending.size(),
          endpoint,
          within.toSeconds());
    }
    stopped = true;
    notifyAll();
    sender.interrupt();
    return all;
  }

  private boolean delivered() {
    return serverLastSeq != null && pending.isEmpty();
  }

  @Override
  public void close() throws InterruptedException {
    finish(Duration.ZERO);
  }

  private void run() {
    Duration backoff = timing.firstBackoff();
    try {
      while (true) {
        List<RecordedEvent> batch = nextBatch();
        if (batch == null) {
          return;
        }
        Answer answer = post(batch);
        if (answer instanceof Answer.TryAgain(String why)) {
          if (backoff.equals(timing.firstBackoff())) {
            log.warn("Cannot deliver events to {} ({}); retrying", endpoint, why);
          }
          Thread.sleep(backoff);
          backoff = min(backoff.multipliedBy(2), timing.maxBackoff());
          continue;
        }
        if (!backoff.equals(timing.firstBackoff())) {
          log.info("Delivering events to {} again", endpoint);
        }
        backoff = timing.firstBackoff();
        settle(batch, answer);
      }
    } catch (InterruptedException e) {
      // finish() gave up waiting: whatever is left stays undelivered.
    }
  }

  /** The events to send next: none for the first request, null when there is nothing more to do. */
  private synchronized List<RecordedEvent> nextBatch() throws InterruptedException {
    while (true) {
      if (stopped) {
        return null;
      }
      if (serverLastSeq == null) {
        return List.of();
      }
      if (pending.isEmpty()) {
        if (closing) {
          return null;
        }
        wait();
        continue;
      }
      long gathering = gatherUntilNanos - System.nanoTime();
      if (!urgent && !closing && gathering > 0) {
        // Let the events of this moment gather, unless the end or a close cuts it short. A backlog
        // (after a failure, or more than one batch) goes at once.
        wait(Math.max(1, gathering / 1_000_000));
        continue;
      }
      return batchOf(pending);
    }
  }

  private List<RecordedEvent> batchOf(List<RecordedEvent> queued) {
    List<RecordedEvent> batch = new ArrayList<>();
    int bytes = 0;
    for (RecordedEvent event : queued) {
      int size = EventJson.write(event).getBytes(StandardCharsets.UTF_8).length + 16;
      if (!batch.isEmpty() && (batch.size() >= batchLimit || bytes + size > MAX_BATCH_BYTES)) {
        break;
      }
      batch.add(event);
      bytes += size;
    }
    return batch;
  }

  private synchronized void settle(List<RecordedEvent> batch, Answer answer) {
    switch (answer) {
      case Answer.Accepted(long lastSeq, String status) -> {
        if (serverLastSeq == null) {
          serverLastSeq = lastSeq;
        } else {
          pending.subList(0, batch.size()).clear();
          batchLimit = MAX_BATCH_EVENTS;
        }
        serverStatus = status;
        if (TERMINAL.contains(status) && !batch.stream().anyMatch(e -> e.event().isTerminal())) {
          log.warn("The server has ended this investigation ({}); the agent stops", status);
          stop();
        }
      }
      case Answer.Rejected(String why) -> {
        if (batch.size() > 1) {
          batchLimit = Math.max(1, batch.size() / 2);
        } else if (batch.size() == 1) {
          log.warn(
              "The server rejected event {} and it is skipped: {}", batch.getFirst().seq(), why);
          pending.removeFirst();
        } else {
          refuse(why);
        }
      }
      case Answer.Refused(String why) -> refuse(why);
      case Answer.TryAgain t -> throw new IllegalStateException("retried before settling");
    }
    notifyAll();
  }

  private void refuse(String why) {
    log.warn("The server at {} refuses this agent's events, which are not sent: {}", endpoint, why);
    stop();
  }

  private void stop() {
    stopped = true;
    pending.clear();
  }

  private Answer post(List<RecordedEvent> batch) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timing.requestTimeout())
            .header("Authorization", "Bearer " + token.get())
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    EventJson.write(Map.of("run_id", runId, "events", batch)),
                    StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Answer.TryAgain(e.toString());
    }
    return answer(response);
  }

  private static Answer answer(HttpResponse<String> response) {
    int status = response.statusCode();
    String said = "HTTP " + status + " " + abbreviate(response.body());
    if (status >= 200 && status < 300) {
      try {
        JsonNode body = EventJson.MAPPER.readTree(response.body());
        return new Answer.Accepted(body.path("last_seq").asLong(), body.path("status").asText());
      } catch (IOException e) {
        return new Answer.TryAgain("an unreadable answer: " + said);
      }
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new Answer.TryAgain(said);
    }
    if (status == 400 || status == 413) {
      return new Answer.Rejected(said);
    }
    return new Answer.Refused(said);
  }

  private static String abbreviate(String text) {
    String flat = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  /** This run's id, as the server records it with each event. */
  String runId() {
    return runId;
  }
}
