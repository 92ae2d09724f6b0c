package dev.oats.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import dev.oats.runner.AgentCheckUnavailable;
import dev.oats.server.EventBus;
import dev.oats.server.InvestigationService;
import dev.oats.store.AppendResult;
import dev.oats.store.InvestigationRecord;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An investigation's events: as a JSON list, as a Server-Sent Events stream, or over a WebSocket.
 * Both streams replay the stored events first (all, or after {@code Last-Event-ID}) and then go
 * live, and end after the event that ends the latest run; a follow-up's run is followed by opening
 * the stream again from the last event seen. All watchers of an investigation share one {@link
 * EventFeed}. Also the agents' delivery of events in Kubernetes mode, and the log a Job's agent
 * continues from.
 */
final class EventStreams {

  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  private final InvestigationService service;
  private final InvestigationHandlers investigations;
  private final EventFeeds feeds;
  private final Map<String, SocketWatcher> sockets = new ConcurrentHashMap<>();
  private final Map<String, StreamLimits.Lease> socketLeases = new ConcurrentHashMap<>();
  private final StreamMetrics metrics;
  private final StreamLimits limits;

  /**
   * @param registry where the stages of a live event's delay are kept ({@link StreamMetrics})
   * @param limits how many streams each API key may hold open
   */
  EventStreams(
      InvestigationService service,
      EventBus bus,
      InvestigationHandlers investigations,
      MeterRegistry registry,
      StreamLimits limits) {
    this.limits = limits;
    this.service = service;
    this.investigations = investigations;
    this.metrics = new StreamMetrics(registry);
    this.feeds = new EventFeeds(bus, service.store(), metrics);
  }

  /** {@code GET /investigations/{id}/events}: JSON, or SSE when the client accepts it. */
  void events(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("text/event-stream")) {
      // The investigation's feed answers for it while anyone watches it: no store lookup per
      // stream.
      if (!feeds.exists(id)) {
        throw ApiException.notFound("No investigation with id '" + id + "'.");
      }
      // Taken before the answer starts, so a key over its limit gets a 429 it can read; given
      // back when the stream ends, however it ends.
      String keyName = ctx.attribute(ApiServer.KEY_NAME);
      StreamLimits.Lease lease = limits.tryAcquire(keyName).orElse(null);
      if (lease == null) {
        // The refused client's connection is not kept alive either: held idle, it would cost the
        // server what the stream would have.
        ctx.header("Connection", "close");
        throw limits.refusal(keyName);
      }
      try (lease) {
        stream(ctx, id);
      }
      return;
    }
    investigations.find(id);
    long after = InvestigationHandlers.intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
    ctx.json(Map.of("events", service.store().events(id, after)));
  }

  private void stream(Context ctx, String id) throws IOException {
    long after = lastEventId(ctx);
    ctx.status(200);
    ctx.contentType("text/event-stream");
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Accel-Buffering", "no");
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    boolean watchForClose = http1(request);
    if (watchForClose) {
      // This stream watches its connection for the client's close (below), so the connection
      // carries nothing after it; still chunked, so that its end (the last chunk) tells a client
      // the stream ended rather than broke off.
      ctx.header("Connection", "close");
      if (request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_1) {
        ctx.header("Transfer-Encoding", "chunked");
      }
    }
    // Jetty's own stream, flushed to send the head now: Javalin's compressing wrapper ignores
    // flush(), which held every event back until the investigation ended.
    ctx.res().getOutputStream().flush();
    // The events go through Jetty's asynchronous write, by the feed's broadcaster: no thread per
    // watcher is woken for each event. This thread only waits for the end and sends keep-alives.
    Response response = request.getServletContextResponse();
    SseWatcher watcher = new SseWatcher(id, response);
    if (!watcher.start(after)) {
      // A reconnect after the end (an EventSource does so once the stream closes).
      return;
    }
    // A client that goes away leaves at once (and its place in its key's count is given back when
    // this thread returns), not at the next write that fails, a keep-alive up to a heartbeat later:
    // a client that closed and reopened its stream was refused for that long.
    request.addFailureListener(watcher::failed);
    if (watchForClose) {
      watchForClose(request.getConnectionMetaData().getConnection().getEndPoint(), watcher);
    }
    try {
      long heartbeat = HEARTBEAT.toNanos();
      long wait = heartbeat;
      while (!watcher.awaitEnd(Duration.ofNanos(wait))) {
        wait = keepAliveDue(watcher.lastWrite(), System.nanoTime(), heartbeat);
        if (wait == 0) {
          watcher.keepAlive();
          wait = heartbeat;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      watcher.leave();
    }
  }

  /** Whether the request came over HTTP/1.x, whose connection carries this one stream alone. */
  private static boolean http1(ServletContextRequest request) {
    return request.getConnectionMetaData().getHttpVersion().getVersion() < 20;
  }

  /**
   * Leaves the feed as soon as the client closes the connection: Jetty reads nothing from an
   * HTTP/1.1 connection while its request is handled, so a client that went away was noticed only
   * when a write to it failed (the next event or keep-alive, up to a heartbeat later), and its
   * place in its key's count of streams stayed taken that long. The connection is watched for
   * readability: an SSE client sends nothing after its request, so the end of input is its close;
   * anything else it sends is dropped (the stream's answer closes the connection).
   */
  private static void watchForClose(EndPoint endPoint, Watcher watcher) {
    org.eclipse.jetty.util.Callback readable =
        org.eclipse.jetty.util.Callback.from(
            Invocable.InvocationType.NON_BLOCKING,
            () -> {
              try {
                int read;
                ByteBuffer sink = BufferUtil.allocate(512);
                while ((read = endPoint.fill(sink)) > 0) {
                  BufferUtil.clear(sink);
                }
                if (read < 0) {
                  watcher.failed(new EOFException("the client closed the connection"));
                } else if (!watcher.hasLeft()) {
                  watchForClose(endPoint, watcher);
                }
              } catch (IOException e) {
                watcher.failed(e);
              }
            },
            watcher::failed);
    endPoint.tryFillInterested(readable);
  }

  /**
   * How long an SSE stream whose last write (an event or a keep-alive) was at {@code lastWrite}
   * should still wait before a keep-alive, or 0 when one is due now: a stream that carried an event
   * within the heartbeat needs none (a proxy's idle timer was reset by the event), which spares a
   * busy investigation's thousand watchers a write each every heartbeat. Times are {@link
   * System#nanoTime()}.
   */
  static long keepAliveDue(long lastWrite, long now, long heartbeat) {
    long quiet = now - lastWrite;
    return quiet >= heartbeat ? 0 : heartbeat - quiet;
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

  /**
   * {@code /ws/investigations/{id}}: the same replay-then-live stream over a WebSocket, sent
   * asynchronously: no thread waits for a socket, and one send at a time is in flight per socket.
   */
  void socket(WsConfig ws) {
    ws.onConnect(
        ctx -> {
          String id = ctx.pathParam("id");
          String keyName = ctx.attribute(ApiServer.KEY_NAME);
          // The upgrade was refused with a 429 when the key had no room; sockets opened at once
          // by the same key can still pass that check together, and the ones past the limit are
          // closed here with 1013 (try again later).
          StreamLimits.Lease lease = limits.tryAcquire(keyName).orElse(null);
          if (lease == null) {
            ctx.closeSession(1013, limits.refusal(keyName).getMessage());
            return;
          }
          socketLeases.put(ctx.sessionId(), lease);
          ctx.enableAutomaticPings();
          if (!feeds.exists(id)) {
            release(ctx.sessionId());
            ctx.closeSession(4404, "No investigation with id '" + id + "'.");
            return;
          }
          SocketWatcher watcher = new SocketWatcher(ctx, id);
          sockets.put(ctx.sessionId(), watcher);
          if (!watcher.start(parseAfter(ctx.queryParam("after")))) {
            sockets.remove(ctx.sessionId());
            release(ctx.sessionId());
            ctx.closeSession(1000, "investigation ended");
          }
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

  /** The socket closed: its watcher leaves the feed. */
  private void stop(String sessionId) {
    SocketWatcher watcher = sockets.remove(sessionId);
    if (watcher != null) {
      watcher.leave();
    }
    release(sessionId);
  }

  /** Gives a socket's place in its key's count back. */
  private void release(String sessionId) {
    StreamLimits.Lease lease = socketLeases.remove(sessionId);
    if (lease != null) {
      lease.close();
    }
  }

  /** Whether {@code keyName} may open one more stream: checked before a WebSocket upgrade. */
  StreamLimits limits() {
    return limits;
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
    for (RecordedEvent event : parsed) {
      String incomplete = incomplete(event.event());
      if (incomplete != null) {
        throw ApiException.badRequest(
            "Event %d (%s) is incomplete: %s. Nothing of this delivery was stored."
                .formatted(
                    event.seq(),
                    EventJson.MAPPER.valueToTree(event.event()).path("type").asText(),
                    incomplete));
      }
      String notTheAgents = notTheAgents(event.event());
      if (notTheAgents != null) {
        throw ApiException.forbidden(
            ("Event %d is %s, which an agent's token may not write: %s. Nothing of this delivery"
                    + " was stored.")
                .formatted(
                    event.seq(),
                    EventJson.MAPPER.valueToTree(event.event()).path("type").asText(),
                    notTheAgents));
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
   * What a delivered event lacks that the server reads when it folds the log, counts it or holds a
   * call, or null when it is whole. Stored without it, the event made every later fold of the
   * investigation's log throw: its page failed and its run could not end.
   */
  static String incomplete(AgentEvent event) {
    return switch (event) {
      case AgentEvent.ModelUsage u when u.usage() == null ->
          "\"usage\" must hold the call's token counts";
      case AgentEvent.ToolCalled c when c.callId() == null || c.tool() == null ->
          "\"call_id\" and \"tool\" must name the call and its tool";
      case AgentEvent.Observation o
          when o.callId() == null || o.tool() == null || o.status() == null ->
          "\"call_id\", \"tool\" and \"status\" must say which call it answers and how it went";
      case AgentEvent.ApprovalRequired a when a.callId() == null || a.tool() == null ->
          "\"call_id\" and \"tool\" must name the held call";
      case AgentEvent.Failed f
          when f.kind() == null || f.reason() == null || f.reason().isBlank() ->
          "\"kind\" and \"reason\" must say why the run failed";
      default -> null;
    };
  }

  /**
   * Why an agent may not deliver this event, or null when it may. The token authorises the agent's
   * own events: a decision on a held call is a person's (a resumed run reads its decisions from the
   * log, so a delivered one would approve the agent's own write), a follow-up question is the
   * user's, and alerts and runbooks are the server's. None of these is ever sent by an agent.
   */
  static String notTheAgents(AgentEvent event) {
    return switch (event) {
      case AgentEvent.ApprovalDecided d ->
          "a held call is decided by a person, with POST /investigations/{id}/approvals/{callId}";
      case AgentEvent.FollowUpAsked f ->
          "a follow-up question is asked by a person, with POST /investigations/{id}/messages";
      case AgentEvent.AlertReceived a -> "alerts come from Alertmanager's webhook";
      case AgentEvent.RunbookAttached r -> "runbooks are attached by the server";
      default -> null;
    };
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
    boolean valid;
    try {
      valid = service.eventTokenValid(id, token);
    } catch (AgentCheckUnavailable e) {
      throw new ApiException(
          e.status(),
          e.status() == 429 ? "too_many_requests" : "unavailable",
          e.getMessage(),
          e.retryAfterSeconds());
    }
    if (!valid) {
      throw ApiException.unauthorized(
          "This token does not authorise the events of investigation " + id + ".");
    }
  }

  private static String bearer(String header) {
    return header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
  }

  /**
   * One watcher of a stream: woken by the feed's broadcaster, it sends everything after its
   * position asynchronously and is woken again when that send completes. One batch in flight at a
   * time, so a socket that stops reading holds one batch in Jetty's queue, not the whole
   * investigation, and catches up in one go if it reads again; the broadcaster never waits for a
   * socket. {@link #wake()} may come from the broadcaster, a send's completion and a keep-alive at
   * once; the counter lets one of them pump and makes it look again.
   */
  private abstract class Watcher implements EventFeed.Subscriber {
    final String id;
    private final StreamMetrics.Transport timers;
    private final AtomicInteger wakes = new AtomicInteger();
    private final AtomicBoolean left = new AtomicBoolean();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private EventFeed feed;
    private volatile int position;
    private volatile boolean sending;
    private volatile boolean beat;
    private final long joined = System.nanoTime();
    private volatile long lastWrite = joined;
    // The frames of the send in flight and when it started, for the stream's metrics.
    private List<EventFeed.Frame> inFlight = List.of();
    private long writeStarted;

    Watcher(String id, StreamMetrics.Transport timers) {
      this.id = id;
      this.timers = timers;
    }

    /** When the last write (events or a keep-alive) ended, in {@link System#nanoTime()}. */
    long lastWrite() {
      return lastWrite;
    }

    /** Sends the frames (at least one); calls {@link #sent} or {@link #failed} when done. */
    abstract void send(List<EventFeed.Frame> frames, int count, boolean terminal);

    /** Sends a keep-alive; calls {@link #sent} with 0 or {@link #failed} when done. */
    abstract void sendKeepAlive();

    /** The stream ended after the run's last event. */
    abstract void close();

    /**
     * Joins the feed after sequence number {@code after}; false (and nothing joined) when the run
     * already ended there.
     */
    boolean start(long after) {
      feed = feeds.join(id);
      position = feed.positionAfter(after);
      if (feed.endedAt(position)) {
        leave();
        return false;
      }
      feed.subscribe(this);
      return true;
    }

    /** Waits up to {@code wait} for the stream to end (or fail); whether it did. */
    boolean awaitEnd(Duration wait) throws InterruptedException {
      try {
        ended.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        return true;
      }
    }

    /** Sends a keep-alive when nothing else is on its way. */
    void keepAlive() {
      beat = true;
      wake();
    }

    @Override
    public void wake() {
      if (wakes.getAndIncrement() != 0) {
        return;
      }
      do {
        pump();
      } while (wakes.decrementAndGet() != 0);
    }

    private void pump() {
      if (sending || left.get()) {
        return;
      }
      List<EventFeed.Frame> frames = feed.since(position);
      if (frames.isEmpty() && !beat) {
        return;
      }
      sending = true;
      try {
        if (frames.isEmpty()) {
          beat = false;
          sendKeepAlive();
        } else {
          beat = false;
          inFlight = frames;
          writeStarted = System.nanoTime();
          for (EventFeed.Frame frame : frames) {
            if (isLive(frame)) {
              timers.queued().record(writeStarted - frame.appended(), TimeUnit.NANOSECONDS);
            }
          }
          send(frames, frames.size(), frames.getLast().terminal());
        }
      } catch (RuntimeException e) {
        failed(e);
      }
    }

    /** An event that joined the feed while this watcher was on it: not part of its replay. */
    private boolean isLive(EventFeed.Frame frame) {
      return frame.live() && frame.appended() - joined >= 0;
    }

    final void sent(int count, boolean terminal) {
      long now = System.nanoTime();
      if (count > 0 && isLive(inFlight.getLast())) {
        // A write that carried live events (the last of them is the newest); a replay's are not
        // counted.
        timers.written().record(now - writeStarted, TimeUnit.NANOSECONDS);
        long epoch = EventFeed.epochNanos(java.time.Instant.now());
        for (EventFeed.Frame frame : inFlight) {
          if (isLive(frame)) {
            timers.delivered().record(epoch - frame.atNanos(), TimeUnit.NANOSECONDS);
          }
        }
      }
      inFlight = List.of();
      lastWrite = now;
      position += count;
      if (terminal) {
        // A run's end ends the stream (a follow-up is watched on a new one), once the
        // broadcaster has written it to every watcher: still "sending", so nothing more is sent.
        feed.afterPass(
            () -> {
              leave();
              close();
            });
        return;
      }
      sending = false;
      wake();
    }

    /**
     * The completion of a send: non-blocking (it starts the next asynchronous send at most), so
     * Jetty may run it on the thread that finished the write rather than hand it to a new thread.
     */
    final org.eclipse.jetty.util.Callback whenSent(Runnable next) {
      return org.eclipse.jetty.util.Callback.from(
          Invocable.InvocationType.NON_BLOCKING, next, this::failed);
    }

    final void failed(Throwable error) {
      log.debug("A watcher of {} went away: {}", id, error.toString());
      leave();
    }

    /** Whether this watcher has left its feed. */
    final boolean hasLeft() {
      return left.get();
    }

    /** Leaves the feed, once, whichever of the end, a failure or the close comes first. */
    final void leave() {
      if (left.compareAndSet(false, true)) {
        if (feed != null) {
          feed.unsubscribe(this);
          feeds.leave(id, feed);
        }
        ended.complete(null);
      }
    }
  }

  /**
   * An SSE watcher: each batch is one write of the frames' bytes, made once per event for every
   * watcher, through Jetty's asynchronous response write (one HTTP chunk, no flush of its own).
   */
  private final class SseWatcher extends Watcher {
    private final Response response;

    SseWatcher(String id, Response response) {
      super(id, metrics.sse());
      this.response = response;
    }

    @Override
    void send(List<EventFeed.Frame> frames, int count, boolean terminal) {
      ByteBuffer bytes;
      if (count == 1) {
        bytes = ByteBuffer.wrap(frames.getFirst().sse()).asReadOnlyBuffer();
      } else {
        int size = 0;
        for (EventFeed.Frame frame : frames) {
          size += frame.sse().length;
        }
        bytes = ByteBuffer.allocate(size);
        for (EventFeed.Frame frame : frames) {
          bytes.put(frame.sse());
        }
        bytes.flip();
      }
      response.write(false, bytes, whenSent(() -> sent(count, terminal)));
    }

    @Override
    void sendKeepAlive() {
      response.write(
          false, ByteBuffer.wrap(KEEP_ALIVE).asReadOnlyBuffer(), whenSent(() -> sent(0, false)));
    }

    @Override
    void close() {
      // The handler's thread returns, and Jetty ends the response.
    }
  }

  /**
   * A WebSocket watcher: each event's JSON is encoded once for all watchers and sent as a text
   * frame over the shared bytes (Jetty's own {@code sendText} would encode the string again for
   * each socket).
   */
  private final class SocketWatcher extends Watcher {
    private final WsContext ctx;
    private final CoreSession core;

    SocketWatcher(WsContext ctx, String id) {
      super(id, metrics.ws());
      this.ctx = ctx;
      this.core = ctx.session instanceof WebSocketSession session ? session.getCoreSession() : null;
    }

    @Override
    void send(List<EventFeed.Frame> frames, int count, boolean terminal) {
      int last = count - 1;
      for (int i = 0; i < last; i++) {
        text(frames.get(i), org.eclipse.jetty.util.Callback.NOOP, true);
      }
      text(frames.get(last), whenSent(() -> sent(count, terminal)), false);
    }

    /**
     * One text frame; {@code batch} for all but a batch's last, so that Jetty gathers the frames of
     * a burst into one write to the socket (small ones copied into its batch buffer) instead of a
     * system call each; the last, not batched, flushes them all.
     */
    private void text(
        EventFeed.Frame frame, org.eclipse.jetty.util.Callback callback, boolean batch) {
      if (core != null) {
        core.sendFrame(
            new Frame(OpCode.TEXT, ByteBuffer.wrap(frame.utf8()).asReadOnlyBuffer()),
            callback,
            batch);
      } else {
        ctx.session.sendText(frame.json(), Callback.from(callback::succeeded, callback::failed));
      }
    }

    @Override
    void sendKeepAlive() {
      // Jetty pings the socket (enableAutomaticPings); nothing to send here.
      sent(0, false);
    }

    @Override
    void close() {
      ctx.closeSession(1000, "investigation ended");
    }
  }
}
