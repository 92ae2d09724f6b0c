package dev.oats.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live fan-out benchmark's clients ({@code bench/fanout.sh}): submits one investigation, opens
 * N watchers of it over SSE or WebSocket, and notes when each event reaches each watcher. The delay
 * of an event is its arrival minus the time the server stamped on it; only events stamped after
 * every watcher was connected count (the earlier ones are replayed, not live). Prints one JSON
 * line: delays p50/p99/max in ms, and how many watchers missed an event.
 *
 * <p>Arguments: server URL, API key, N, {@code sse} or {@code ws}, and the client: {@code nio}
 * (default; {@link NioWatchers}, one thread and one selector, the arrival noted when the read
 * returns) or {@code jdk} (the JDK HTTP client, a virtual thread per watcher, the arrival noted
 * when the watcher's thread has the line or message). The line also gives this process's CPU
 * seconds, for the client's share of the two cores.
 */
public final class FanoutClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one watcher saw: event sequence number → arrival; and the event times. */
  private record Seen(
      Map<Long, Instant> arrivals, Map<Long, Instant> stamped, Map<Long, Long> held) {
    static Seen empty() {
      return new Seen(
          new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    void note(String json) throws Exception {
      note(json, Instant.now(), 0);
    }

    void note(String json, Instant arrived, long heldNanos) throws Exception {
      JsonNode event = JSON.readTree(json);
      long seq = event.path("seq").asLong();
      arrivals.putIfAbsent(seq, arrived);
      held.putIfAbsent(seq, heldNanos);
      stamped.putIfAbsent(seq, Instant.parse(event.path("at").asText()));
    }
  }

  /** This process's CPU seconds when the watchers were done (before the arrivals are parsed). */
  private static double cpuAtEnd;

  /**
   * The server's CPU by thread when every watcher was connected and when the watchers were done:
   * the live phase alone, without the connections' set-up, the replays and what the server does
   * once per process before (the agent's warm-ups). Empty without {@code OATS_BENCH_SERVER_PID}.
   */
  private static Map<String, Double> serverAtConnected = Map.of();

  private static Map<String, Double> serverAtStart = Map.of();

  private static Map<String, Double> serverAtEnd = Map.of();

  /**
   * The server's histograms of the stages of a live event's delay ({@code oats_event_stream_*} in
   * {@code /metrics}) when every watcher was connected and at the end: cumulative counts by stage
   * and bucket bound.
   */
  private static Map<String, Map<Double, Double>> stagesAtConnected = Map.of();

  private static Map<String, Map<Double, Double>> stagesAtEnd = Map.of();

  /** The NIO client's selector passes ({@link NioWatchers#passes}); empty for the JDK client. */
  private static List<long[]> passes = List.of();

  /**
   * This process's garbage collections (count, then milliseconds) when every watcher was connected
   * and when the watchers were done: a collection in the live phase stops the selector thread, and
   * what arrives meanwhile is noted late.
   */
  private static long[] gcAtConnected = {0, 0};

  private static long[] gcAtEnd = {0, 0};

  private static long[] gcMillis() {
    long count = 0;
    long millis = 0;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** This process's CPU seconds when every watcher was connected. */
  private static double cpuAtConnected = -1;

  private FanoutClient() {}

  /** How long the client waits for every watcher's stream to open before it lets the run go on. */
  private static final long OPEN_WAIT_S = 240;

  /** The NIO watchers' connect phase ({@link #connectPhase}); empty for the JDK client. */
  private static Map<String, Object> connectPhase = Map.of();

  /** The watchers that failed (the NIO client's), whose missing deliveries are counted apart. */
  private static java.util.Set<Integer> failedWatchers = java.util.Set.of();

  /**
   * Lets the investigation's live events start: creates the file named by {@code OATS_BENCH_GATE},
   * which the fake model ({@code FakeModelMain paced}) waits for before it answers the first turn.
   * Called once every watcher's stream is open (its first event frame came) or has failed, so that
   * every event after the replay is delivered live to all of them.
   */
  private static void openGate() {
    String gate = System.getenv("OATS_BENCH_GATE");
    if (gate == null || gate.isBlank()) {
      return;
    }
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of(gate), Instant.now().toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * When each watcher's TCP handshake finished, its answer's head came and its first frame came, in
   * ms after its connect started (p50 / p99 / max, of the watchers that got there), how many took
   * over a second for the handshake or the answer (a handshake the server's listen queue dropped is
   * retried by the kernel after 1 s, then 3, 7...), when the last stream opened (ms after the first
   * connect) and at which step the failed watchers failed.
   */
  private static Map<String, Object> connectPhase(NioWatchers nio, Instant allOpen) {
    long first = Long.MAX_VALUE;
    for (long started : nio.connectStarted) {
      if (started != 0) {
        first = Math.min(first, started);
      }
    }
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    String[] names = {"tcp", "answer", "first_frame"};
    long[][] steps = {nio.tcpConnected, nio.answered, nio.firstFrame};
    long lastOpen = 0;
    for (int s = 0; s < steps.length; s++) {
      List<Double> ms = new ArrayList<>();
      int overSecond = 0;
      for (int i = 0; i < steps[s].length; i++) {
        if (steps[s][i] != 0) {
          double took = (steps[s][i] - nio.connectStarted[i]) / 1e6;
          ms.add(took);
          overSecond += took > 1000 ? 1 : 0;
          if (s == 2) {
            lastOpen = Math.max(lastOpen, steps[s][i] - first);
          }
        }
      }
      Collections.sort(ms);
      out.put(
          names[s] + "_ms",
          ms.isEmpty()
              ? List.of()
              : List.of(
                  Math.round(percentile(ms, 0.5)),
                  Math.round(percentile(ms, 0.99)),
                  Math.round(ms.getLast())));
      out.put(names[s] + "_over_1s", overSecond);
    }
    out.put("all_open_after_ms", Math.round(lastOpen / 1e6));
    Map<String, Integer> failedAt = new java.util.TreeMap<>();
    nio.failedAt.values().forEach(step -> failedAt.merge(step, 1, Integer::sum));
    out.put("failed_at", failedAt);
    return out;
  }

  private static double cpuSeconds() {
    return ProcessHandle.current()
        .info()
        .totalCpuDuration()
        .map(d -> d.toNanos() / 1e9)
        .orElse(-1.0);
  }

  public static void main(String[] args) throws Exception {
    serverAtStart = ServerThreads.cpu();
    String server = args[0];
    String key = args[1];
    int watchers = Integer.parseInt(args[2]);
    boolean sse = args[3].equals("sse");
    HttpClient http =
        HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(URI.create(server + "/investigate"))
                .header("X-API-Key", key)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"goal\": \"fan-out\", \"target_namespace\": \"shop\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String id = JSON.readTree(submitted.body()).path("job_id").asText();

    List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < watchers; i++) {
      seen.add(Seen.empty());
    }
    CountDownLatch connected = new CountDownLatch(watchers);
    String client = args.length > 4 ? args[4] : "nio";
    if (client.equals("nio")) {
      // The selector thread only notes (watcher, text, arrival); parsing waits for the end.
      List<Object[]> arrivals = Collections.synchronizedList(new ArrayList<>());
      NioWatchers nio =
          new NioWatchers(
              URI.create(server),
              key,
              id,
              sse,
              (watcher, json, arrived, held) ->
                  arrivals.add(new Object[] {watcher, json, arrived, held}),
              connected,
              watchers);
      AtomicInteger failed = new AtomicInteger();
      Instant[] allConnected = new Instant[1];
      Thread waiter =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      connected.await(OPEN_WAIT_S, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    allConnected[0] = Instant.now();
                    openGate();
                    stagesAtConnected = stages(http, server, key);
                    serverAtConnected = ServerThreads.cpu();
                    cpuAtConnected = cpuSeconds();
                    gcAtConnected = gcMillis();
                    System.err.println("all watchers connected");
                  });
      // OATS_BENCH_CLIENT_THREADS: selector threads (default 1).
      String threads = System.getenv("OATS_BENCH_CLIENT_THREADS");
      failed.set(
          nio.run(
              watchers, 300, threads == null || threads.isBlank() ? 1 : Integer.parseInt(threads)));
      cpuAtEnd = cpuSeconds();
      gcAtEnd = gcMillis();
      serverAtEnd = ServerThreads.cpu();
      waiter.join();
      stagesAtEnd = stages(http, server, key);
      for (Object[] arrival : arrivals) {
        seen.get((Integer) arrival[0])
            .note((String) arrival[1], (Instant) arrival[2], (Long) arrival[3]);
      }
      passes = nio.passes;
      connectPhase = connectPhase(nio, allConnected[0]);
      failedWatchers = nio.failedAt.keySet();
      report(seen, allConnected[0], failed.get(), watchers, args[3], client);
      System.exit(0);
    }
    CountDownLatch ended = new CountDownLatch(watchers);
    AtomicInteger failed = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < watchers; i++) {
        Seen mine = seen.get(i);
        threads.submit(
            () -> {
              try {
                if (sse) {
                  watchSse(http, server, key, id, mine, connected);
                } else {
                  watchSocket(http, server, key, id, mine, connected);
                }
              } catch (Exception e) {
                failed.incrementAndGet();
                connected.countDown();
              } finally {
                ended.countDown();
              }
              return null;
            });
      }
      connected.await(60, TimeUnit.SECONDS);
      Instant allConnected = Instant.now();
      ended.await(300, TimeUnit.SECONDS);
      cpuAtEnd = cpuSeconds();
      report(seen, allConnected, failed.get(), watchers, args[3], client);
      System.exit(0);
    }
  }

  private static void watchSse(
      HttpClient http, String server, String key, String id, Seen seen, CountDownLatch connected)
      throws Exception {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server + "/investigations/" + id + "/events"))
                .header("X-API-Key", key)
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    connected.countDown();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("data: ")) {
          seen.note(line.substring(6));
        }
      }
    }
  }

  private static void watchSocket(
      HttpClient http, String server, String key, String id, Seen seen, CountDownLatch connected)
      throws Exception {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    http.newWebSocketBuilder()
        .header("X-API-Key", key)
        .buildAsync(
            URI.create(server.replace("http://", "ws://") + "/ws/investigations/" + id),
            new WebSocket.Listener() {
              final StringBuilder partial = new StringBuilder();

              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                  try {
                    seen.note(partial.toString());
                  } catch (Exception e) {
                    closed.completeExceptionally(e);
                  }
                  partial.setLength(0);
                }
                ws.request(1);
                return null;
              }

              @Override
              public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(null);
                return null;
              }

              @Override
              public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
              }
            })
        .get(60, TimeUnit.SECONDS);
    connected.countDown();
    closed.get(300, TimeUnit.SECONDS);
  }

  private static void report(
      List<Seen> seen,
      Instant allConnected,
      int failed,
      int watchers,
      String transport,
      String client)
      throws Exception {
    long last =
        seen.stream().flatMap(s -> s.stamped().keySet().stream()).mapToLong(l -> l).max().orElse(0);
    List<Double> delays = new ArrayList<>();
    List<Double> held = new ArrayList<>();
    Map<Long, List<Double>> byEvent = new java.util.TreeMap<>();
    Map<Long, List<Double>> heldByEvent = new java.util.TreeMap<>();
    int missing = 0;
    int missingOfFailed = 0;
    int eventsBeforeOpen = 0;
    for (int w = 0; w < seen.size(); w++) {
      Seen one = seen.get(w);
      for (long seq = 1; seq <= last; seq++) {
        Instant arrived = one.arrivals().get(seq);
        if (arrived == null) {
          if (failedWatchers.contains(w)) {
            missingOfFailed++;
          } else {
            missing++;
          }
          continue;
        }
        Instant at = one.stamped().get(seq);
        if (at.isAfter(allConnected)) {
          double delay = Duration.between(at, arrived).toNanos() / 1e6;
          delays.add(delay);
          double heldMs = one.held().getOrDefault(seq, 0L) / 1e6;
          held.add(heldMs);
          byEvent.computeIfAbsent(seq, s -> new ArrayList<>()).add(delay);
          heldByEvent.computeIfAbsent(seq, s -> new ArrayList<>()).add(heldMs);
        }
      }
    }
    Collections.sort(delays);
    for (long seq = 1; seq <= last; seq++) {
      Instant at = stampOrNull(seen, seq);
      if (at != null && !at.isAfter(allConnected)) {
        eventsBeforeOpen++;
      }
    }
    Map<String, Object> result = new java.util.TreeMap<>();
    result.putAll(connectPhase);
    // The events stamped before every stream was open (the replay): a run whose gate held has only
    // those the agent writes before its first model call; more means live events were missed.
    result.put("events_before_all_open", eventsBeforeOpen);
    // Deliveries missing to watchers that failed, apart from those missing to watchers that did not
    // (missing_deliveries): the target's "none missing" is the latter with no watcher failed.
    result.put("missing_deliveries_of_failed_watchers", missingOfFailed);
    if (!serverAtEnd.isEmpty() && !serverAtConnected.isEmpty()) {
      Map<String, Double> live = ServerThreads.minus(serverAtEnd, serverAtConnected);
      double all = live.remove(ServerThreads.PROCESS);
      double jit = live.getOrDefault(ServerThreads.JIT, 0.0);
      // Threads that ended before the end (the feed's broadcasters, the investigation's own).
      live.put("(ended)", all - live.values().stream().mapToDouble(Double::doubleValue).sum());
      result.put("server_live_cpu_s", all);
      result.put("server_live_cpu_nojit_s", all - jit);
      result.put(
          "server_live_cpu_us_per_delivery",
          delays.isEmpty() ? -1 : (all - jit) * 1e6 / delays.size());
      result.put("server_live_threads", ServerThreads.top(live, 8));
      // Before: the submission, the N connections and their replays, the agent's start.
      result.put(
          "server_setup_threads",
          ServerThreads.top(
              ServerThreads.withEnded(ServerThreads.minus(serverAtConnected, serverAtStart)), 8));
    }
    if (cpuAtConnected >= 0) {
      result.put("client_live_cpu_s", cpuAtEnd - cpuAtConnected);
      result.put("client_live_gcs", gcAtEnd[0] - gcAtConnected[0]);
      result.put("client_live_gc_ms", gcAtEnd[1] - gcAtConnected[1]);
    }
    // The events whose slowest watchers waited longest: "seq": [p50, p99, max] ms.
    Map<String, List<Long>> worst = new java.util.LinkedHashMap<>();
    byEvent.entrySet().stream()
        .peek(e -> Collections.sort(e.getValue()))
        .sorted(
            (a, b) ->
                Double.compare(percentile(b.getValue(), 0.99), percentile(a.getValue(), 0.99)))
        .limit(5)
        .forEach(
            e ->
                worst.put(
                    String.valueOf(e.getKey()),
                    List.of(
                        Math.round(percentile(e.getValue(), 0.5)),
                        Math.round(percentile(e.getValue(), 0.99)),
                        Math.round(e.getValue().getLast()))));
    result.put("slowest_events", worst);
    // Every live event by sequence number: when it was stamped (ms after all watchers were
    // connected) and its delays' p50 / p99 / max in ms, to see whether the run's p99 is a few
    // events (the first after the held turn, the last) or spread over all of them.
    double p99 = percentile(delays, 0.99);
    Map<String, List<Long>> all = new java.util.LinkedHashMap<>();
    Map<String, Integer> tail = new java.util.TreeMap<>();
    for (Map.Entry<Long, List<Double>> e : byEvent.entrySet()) {
      List<Double> ds = e.getValue();
      Instant at = stampOf(seen, e.getKey());
      all.put(
          String.valueOf(e.getKey()),
          List.of(
              Duration.between(allConnected, at).toMillis(),
              Math.round(percentile(ds, 0.5)),
              Math.round(percentile(ds, 0.99)),
              Math.round(ds.getLast())));
      int above = (int) ds.stream().filter(d -> d > p99).count();
      if (above > 0) {
        tail.put(String.valueOf(e.getKey()), above);
      }
    }
    result.put("by_event", all);
    // Each live event's stages as the client sees them: its first arrival at any watcher (ms: the
    // server's way to its feed and one write, the broadcaster's pass not yet), its p50 and its max,
    // and the client's own hold p99 for it (ms from the selector's return to the read). An event
    // whose first arrival is early and whose p50 is late waited in the server's pass over its
    // watchers (or behind what the pass did between them); one late at its first arrival was late
    // before the feed; a large hold is the client's own.
    Map<String, List<Double>> stages = new java.util.LinkedHashMap<>();
    for (Map.Entry<Long, List<Double>> e : byEvent.entrySet()) {
      List<Double> ds = e.getValue();
      List<Double> hs = heldByEvent.get(e.getKey());
      Collections.sort(hs);
      stages.put(
          String.valueOf(e.getKey()),
          List.of(
              round1(ds.getFirst()),
              round1(percentile(ds, 0.5)),
              round1(ds.getLast()),
              round1(percentile(hs, 0.99))));
    }
    result.put("event_first_p50_max_held99_ms", stages);
    // The client's own share of each live delivery: from the selector's return to the read of the
    // socket (the sockets read before it in the same pass), p50 / p99 / max ms.
    Collections.sort(held);
    if (!held.isEmpty()) {
      result.put(
          "client_held_ms",
          List.of(
              Math.round(percentile(held, 0.5) * 100) / 100.0,
              Math.round(percentile(held, 0.99) * 100) / 100.0,
              Math.round(held.getLast() * 100) / 100.0));
    }
    // The deliveries slower than the run's p99, by event: few events holding them all means the
    // p99 is those events' (a pause, the run's start or end), not the fan-out's steady state.
    result.put("tail_by_event", tail);
    result.putAll(clientPasses(allConnected));
    if (!stagesAtEnd.isEmpty()) {
      result.put("server_stages", liveStages());
    }
    result.putAll(
        Map.ofEntries(
            Map.entry("transport", transport),
            Map.entry("client", client),
            Map.entry("client_cpu_s", cpuAtEnd),
            Map.entry("watchers", watchers),
            Map.entry("failed_watchers", failed),
            Map.entry("events", last),
            Map.entry("live_deliveries", delays.size()),
            Map.entry("missing_deliveries", missing),
            Map.entry("delay_ms_p50", percentile(delays, 0.50)),
            Map.entry("delay_ms_p99", percentile(delays, 0.99)),
            Map.entry("delay_ms_max", delays.isEmpty() ? -1 : delays.getLast())));
    System.out.println("RESULT " + JSON.writeValueAsString(result));
  }

  /**
   * The server's {@code oats_event_stream_*_seconds_bucket} lines: "stage transport" → bucket bound
   * in ms → cumulative count; empty when the server has none (an older server).
   */
  private static Map<String, Map<Double, Double>> stages(
      HttpClient http, String server, String key) {
    Map<String, Map<Double, Double>> stages = new java.util.TreeMap<>();
    try {
      String text =
          http.send(
                  HttpRequest.newBuilder(URI.create(server + "/metrics"))
                      .header("X-API-Key", key)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      java.util.regex.Matcher line =
          java.util.regex.Pattern.compile(
                  "(?m)^oats_event_stream_(\\w+)_seconds_bucket\\{([^}]*)\\} (\\S+)$")
              .matcher(text);
      while (line.find()) {
        java.util.regex.Matcher transport =
            java.util.regex.Pattern.compile("transport=\"(\\w+)\"").matcher(line.group(2));
        java.util.regex.Matcher le =
            java.util.regex.Pattern.compile("le=\"([^\"]+)\"").matcher(line.group(2));
        if (!le.find()) {
          continue;
        }
        String name = line.group(1) + (transport.find() ? " " + transport.group(1) : "");
        double bound =
            le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
        stages
            .computeIfAbsent(name, n -> new java.util.TreeMap<>())
            .put(bound * 1000, Double.parseDouble(line.group(3)));
      }
    } catch (Exception e) {
      System.err.println("no stream metrics: " + e);
    }
    return stages;
  }

  /**
   * The live phase's stages (end minus connected): per stage, the count, and the bucket bounds (ms)
   * under which half and 99% of them fell, and the share within 100 ms.
   */
  private static Map<String, Object> liveStages() {
    Map<String, Object> out = new java.util.TreeMap<>();
    stagesAtEnd.forEach(
        (name, end) -> {
          Map<Double, Double> before = stagesAtConnected.getOrDefault(name, Map.of());
          Map<Double, Double> delta = new java.util.TreeMap<>();
          end.forEach((bound, count) -> delta.put(bound, count - before.getOrDefault(bound, 0.0)));
          double total = delta.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
          if (total <= 0) {
            return;
          }
          Map<String, Object> stage = new java.util.LinkedHashMap<>();
          stage.put("count", (long) total);
          stage.put("p50_under_ms", under(delta, total * 0.5));
          stage.put("p99_under_ms", under(delta, total * 0.99));
          stage.put(
              "share_within_100ms",
              Math.round(1000 * delta.getOrDefault(100.0, 0.0) / total) / 1000.0);
          out.put(name, stage);
        });
    return out;
  }

  private static String under(Map<Double, Double> cumulative, double count) {
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      if (e.getValue() >= count) {
        return e.getKey().isInfinite() ? "+Inf" : String.valueOf(Math.round(e.getKey()));
      }
    }
    return "+Inf";
  }

  private static Instant stampOrNull(List<Seen> seen, long seq) {
    for (Seen one : seen) {
      Instant at = one.stamped().get(seq);
      if (at != null) {
        return at;
      }
    }
    return null;
  }

  private static Instant stampOf(List<Seen> seen, long seq) {
    for (Seen one : seen) {
      Instant at = one.stamped().get(seq);
      if (at != null) {
        return at;
      }
    }
    throw new IllegalStateException("no watcher saw event " + seq);
  }

  /**
   * The selector passes of the live phase: how long one took (p50 / p99 / max ms) and what share of
   * the live phase's wall clock the client spent in them. A pass of d ms delays what arrives during
   * it by at most d ms; a client busy most of the time would be the p99 itself.
   */
  private static Map<String, Object> clientPasses(Instant allConnected) {
    if (passes.isEmpty() || allConnected == null) {
      return Map.of();
    }
    long from = allConnected.getEpochSecond() * 1_000_000_000L + allConnected.getNano();
    List<Double> ms = new ArrayList<>();
    long busy = 0;
    long sockets = 0;
    long first = Long.MAX_VALUE;
    long last = 0;
    for (long[] pass : passes) {
      if (pass[0] < from) {
        continue;
      }
      ms.add(pass[1] / 1e6);
      busy += pass[1];
      sockets += pass[2];
      first = Math.min(first, pass[0]);
      last = Math.max(last, pass[0] + pass[1]);
    }
    if (ms.isEmpty()) {
      return Map.of();
    }
    Collections.sort(ms);
    return Map.of(
        "client_pass_ms",
        List.of(
            Math.round(percentile(ms, 0.5) * 100) / 100.0,
            Math.round(percentile(ms, 0.99) * 100) / 100.0,
            Math.round(ms.getLast() * 100) / 100.0),
        "client_passes",
        ms.size(),
        "client_sockets_per_pass",
        Math.round(10.0 * sockets / ms.size()) / 10.0,
        "client_busy_share",
        Math.round(1000.0 * busy / Math.max(1, last - first)) / 1000.0);
  }

  private static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }

  private static double round1(double ms) {
    return Math.round(ms * 10) / 10.0;
  }
}
