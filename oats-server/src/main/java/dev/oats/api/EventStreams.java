package dev.oats.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import dev.oats.server.EventBus;
import dev.oats.server.InvestigationService;
import dev.oats.store.AppendResult;
import dev.oats.store.InvestigationRecord;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An investigation's events: as a JSON list, as a Server-Sent Events stream, or over a WebSocket.
 * Both streams replay the stored events first (all, or after {@code Last-Event-ID}) and then go
 * live, and end after the event that ends the latest run; a follow-up's run is followed by opening
 * the stream again from the last event seen. Also the agents' delivery of events in Kubernetes
 * mode, and the log a Job's agent continues from.
 */
final class EventStreams {

  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private final InvestigationService service;
  private final EventBus bus;
  private final InvestigationHandlers investigations;
  private final Map<String, Pump> sockets = new ConcurrentHashMap<>();

  EventStreams(InvestigationService service, EventBus bus, InvestigationHandlers investigations) {
    this.service = service;
    this.bus = bus;
    this.investigations = investigations;
  }

  /** {@code GET /investigations/{id}/events}: JSON, or SSE when the client accepts it. */
  void events(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    investigations.find(id);
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("text/event-stream")) {
      stream(ctx, id);
      return;
    }
    long after = InvestigationHandlers.intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
    ctx.json(Map.of("events", service.store().events(id, after)));
  }

  private void stream(Context ctx, String id) throws IOException {
    long after = lastEventId(ctx);
    ctx.status(200);
    ctx.contentType("text/event-stream");
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Accel-Buffering", "no");
    OutputStream out = ctx.outputStream();
    Pump pump =
        new Pump(
            id,
            after,
            event -> {
              write(
                  out,
                  "id: %d\nevent: %s\ndata: %s\n\n"
                      .formatted(event.seq(), type(event), EventJson.write(event)));
            },
            () -> write(out, ": keep-alive\n\n"));
    pump.run();
  }

  private static long lastEventId(Context ctx) {
    String header = ctx.header("Last-Event-ID");
    String raw = header != null ? header : ctx.queryParam("after");
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(raw.strip()));
    } catch (NumberFormatException e) {
      throw ApiException.invalid(
          "Last-Event-ID must be an event sequence number, not '" + raw + "'");
    }
  }

  private static String type(RecordedEvent event) {
    return EventJson.MAPPER.valueToTree(event.event()).path("type").asText();
  }

  private static void write(OutputStream out, String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new ClientGone(e);
    }
  }

  /** {@code /ws/investigations/{id}}: the same replay-then-live stream over a WebSocket. */
  void socket(WsConfig ws) {
    ws.onConnect(
        ctx -> {
          String id = ctx.pathParam("id");
          ctx.enableAutomaticPings();
          if (service.store().find(id).isEmpty()) {
            ctx.closeSession(4404, "No investigation with id '" + id + "'.");
            return;
          }
          long after = parseAfter(ctx.queryParam("after"));
          Pump pump = new Pump(id, after, event -> send(ctx, EventJson.write(event)), () -> {});
          sockets.put(ctx.sessionId(), pump);
          Thread.ofVirtual()
              .name("ws-" + id)
              .start(
                  () -> {
                    pump.run();
                    ctx.closeSession(1000, "investigation ended");
                  });
        });
    ws.onClose(ctx -> stop(ctx.sessionId()));
    ws.onError(ctx -> stop(ctx.sessionId()));
  }

  private static long parseAfter(String raw) {
    try {
      return raw == null ? 0 : Math.max(0, Long.parseLong(raw));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void send(WsContext ctx, String text) {
    try {
      ctx.send(text);
    } catch (RuntimeException e) {
      throw new ClientGone(e);
    }
  }

  private void stop(String sessionId) {
    Pump pump = sockets.remove(sessionId);
    if (pump != null) {
      pump.stop();
    }
  }

  /**
   * {@code POST /internal/investigations/{id}/events}: an agent running as a Job delivers its
   * events, authorised by its investigation's token alone; resending is harmless.
   */
  void deliver(Context ctx) {
    String id = ctx.pathParam("id");
    authoriseAgent(ctx, id);
    ObjectNode body =
        Requests.jsonObject(
            ctx,
            "{\"run_id\": \"<the agent's run>\", \"events\": [{\"seq\": 1, \"at\": ...,"
                + " \"event\": {...}}]}");
    JsonNode events = body.path("events");
    if (!events.isArray()) {
      throw ApiException.badRequest("\"events\" must be an array of recorded events.");
    }
    String runId = body.path("run_id").asText("");
    if (runId.isBlank() || runId.length() > 80) {
      throw ApiException.badRequest(
          "\"run_id\" must name the agent's run (at most 80 characters): with each event's"
              + " \"seq\" it identifies a resent event.");
    }
    List<RecordedEvent> parsed = new ArrayList<>();
    for (JsonNode node : events) {
      try {
        parsed.add(EventJson.MAPPER.treeToValue(node, RecordedEvent.class));
      } catch (IOException | IllegalArgumentException e) {
        throw ApiException.badRequest("An event could not be read: " + e.getMessage());
      }
    }
    List<String> conflicts = new ArrayList<>();
    for (RecordedEvent event : parsed) {
      if (service.append(id, runId + ":" + event.seq(), event.at(), event.event())
          instanceof AppendResult.Conflict conflict) {
        conflicts.add("event %d (stored as %d)".formatted(event.seq(), conflict.stored().seq()));
      }
    }
    if (!conflicts.isEmpty()) {
      throw ApiException.conflict(
          "Run %s already delivered different content for %s; the stored events are kept."
              .formatted(runId, String.join(", ", conflicts)));
    }
    InvestigationRecord record = investigations.find(id);
    ctx.json(
        Map.of(
            "accepted",
            parsed.size(),
            "last_seq",
            service.store().lastSeq(id),
            "status",
            record.status().name().toLowerCase(java.util.Locale.ROOT)));
  }

  /**
   * {@code GET /internal/investigations/{id}/events}: the log an agent in a Job rebuilds the
   * conversation from (a follow-up, or a run resumed after an approval), with the same token.
   */
  void history(Context ctx) {
    String id = ctx.pathParam("id");
    authoriseAgent(ctx, id);
    ctx.json(Map.of("events", service.store().events(id, 0)));
  }

  /**
   * {@code GET /internal/investigations/{id}/approvals/{callId}}: a Job's agent asks whether its
   * held call has been decided, with the same token. A call the server has not heard of yet (the
   * request is still on its way) is waiting.
   */
  void approval(Context ctx) {
    String id = ctx.pathParam("id");
    authoriseAgent(ctx, id);
    String callId = ctx.pathParam("callId");
    Map<String, Object> answer = new java.util.LinkedHashMap<>();
    answer.put("call_id", callId);
    answer.put("status", "waiting");
    service.approvals(id).stream()
        .filter(a -> a.callId().equals(callId))
        .findFirst()
        .ifPresent(
            a -> {
              answer.put("status", a.status().name().toLowerCase(java.util.Locale.ROOT));
              answer.put("decided_by", a.decidedBy());
              answer.put("reason", a.decisionReason());
            });
    ctx.json(answer);
  }

  private void authoriseAgent(Context ctx, String id) {
    String token = bearer(ctx.header("Authorization"));
    if (!service.eventTokenValid(id, token)) {
      throw ApiException.unauthorized(
          "This token does not authorise the events of investigation " + id + ".");
    }
  }

  private static String bearer(String header) {
    return header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
  }

  /** The client went away; the stream ends quietly. */
  private static final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Replays stored events after a sequence number, then forwards live ones, skipping any it has
   * sent, until the terminal event or until stopped. Subscribing before the replay means no event
   * falls between the two.
   */
  private final class Pump {
    private final String id;
    private final long after;
    private final java.util.function.Consumer<RecordedEvent> sender;
    private final Runnable heartbeat;
    private final BlockingQueue<RecordedEvent> live = new LinkedBlockingQueue<>();
    private volatile boolean stopped;

    Pump(
        String id,
        long after,
        java.util.function.Consumer<RecordedEvent> sender,
        Runnable heartbeat) {
      this.id = id;
      this.after = after;
      this.sender = sender;
      this.heartbeat = heartbeat;
    }

    void run() {
      try (AutoCloseable subscription = bus.subscribe(id, live::add)) {
        long sent = after;
        List<RecordedEvent> stored = service.store().events(id, after);
        for (RecordedEvent event : stored) {
          sender.accept(event);
          sent = event.seq();
        }
        // A run's end ends the stream, unless a follow-up has started another run since.
        if (!stored.isEmpty() && stored.getLast().event().isTerminal()) {
          return;
        }
        while (!stopped) {
          RecordedEvent event = live.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
          if (event == null) {
            heartbeat.run();
            continue;
          }
          if (event.seq() <= sent) {
            continue;
          }
          sender.accept(event);
          sent = event.seq();
          if (event.event().isTerminal()) {
            return;
          }
        }
      } catch (ClientGone e) {
        log.debug("A watcher of {} went away", id);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        log.warn("Event stream of {} failed: {}", id, e.toString());
      }
    }

    void stop() {
      stopped = true;
    }
  }
}
