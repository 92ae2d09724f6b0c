package dev.oats.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.agent.ApprovalGate;
import dev.oats.event.AgentEvent;
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
import dev.oats.redact.Redactor;
import dev.oats.server.StoredEventListener;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the routes when an investigation's run ends and when a call waits for approval. It listens
 * to the events this server stores, so each event is told once, and hands every delivery to a
 * thread of its own: a slow or broken receiver never delays, fails or stops an investigation. What
 * it sends passes through the redactor first; the webhook URLs never reach a log or a metric.
 *
 * <p>Metrics: {@code oats_notifications_total{target, type, event, outcome}} with outcome {@code
 * sent}, {@code failed} (the receiver refused it, or every try failed) or {@code dropped} (too many
 * waiting, or the server stopping), and {@code oats_notification_retries_total{target}}.
 */
public final class Notifier implements StoredEventListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Deliveries waiting or under way beyond which new ones are dropped (and counted). */
  static final int MAX_PENDING = 1_000;

  private static final int SUMMARY_LIMIT = 1_000;
  private static final int REPORT_LIMIT = 20_000;
  private static final int REMEMBERED_ENDS = 10_000;

  /**
   * Labels an investigation has besides its own (namespace, status, event, runner): those of the
   * alert that started it, say. Routes match on all of them.
   */
  @FunctionalInterface
  public interface LabelSource {
    Map<String, String> labels(InvestigationRecord investigation);

    LabelSource NONE = investigation -> Map.of();
  }

  private final NotificationSettings settings;
  private final InvestigationStore store;
  private final LabelSource labelSource;
  private final MeterRegistry registry;
  private final Redactor redactor;
  private final WebhookSender sender;
  private final Clock clock;
  private final ExecutorService deliveries =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("oats-notify-", 0).factory());
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<String, Integer> endedRuns =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
          return size() > REMEMBERED_ENDS;
        }
      };

  Notifier(
      NotificationSettings settings,
      InvestigationStore store,
      LabelSource labelSource,
      MeterRegistry registry,
      Clock clock,
      WebhookSender.Sleeper sleeper) {
    this.settings = settings;
    this.store = store;
    this.labelSource = labelSource;
    this.registry = registry;
    this.clock = clock;
    this.redactor = Redactor.withKnownSecrets(settings.secrets());
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.sender =
        new WebhookSender(
            client,
            settings.maxAttempts(),
            settings.backoff(),
            settings.timeout(),
            sleeper,
            clock,
            this::safe);
  }

  /**
   * A notifier for the server, which says in the log which routes it has (URLs masked) and when
   * links are off because no public URL is set.
   */
  public static Notifier start(
      NotificationSettings settings,
      InvestigationStore store,
      LabelSource labelSource,
      MeterRegistry registry) {
    Notifier notifier =
        new Notifier(
            settings, store, labelSource, registry, Clock.systemUTC(), d -> Thread.sleep(d));
    if (!settings.routes().isEmpty()) {
      log.info(
          "Notifications go to {} route(s): {}",
          settings.routes().size(),
          settings.routes().stream()
              .map(r -> r.name() + " (" + r.type().label() + " " + r.maskedUrl() + ")")
              .toList());
      if (settings.publicUrl() == null) {
        log.info("OATS_PUBLIC_URL is not set: notifications carry no link to the investigation");
      }
    }
    return notifier;
  }

  @Override
  public void stored(String investigationId, RecordedEvent event, Progress after) {
    try {
      if (settings.routes().isEmpty()) {
        return;
      }
      Optional<NotifyEvent> kind = kind(event.event());
      if (kind.isEmpty()
          || (kind.get() != NotifyEvent.WAITING_APPROVAL
              && !firstEndOfRun(investigationId, after.runs()))) {
        return;
      }
      submit(() -> fanOut(investigationId, event, after, kind.get()), "*", kind.get());
    } catch (RuntimeException e) {
      log.warn(
          "Could not queue the notification of investigation {}: {}",
          investigationId,
          e.toString());
    }
  }

  private static Optional<NotifyEvent> kind(AgentEvent event) {
    return Optional.ofNullable(
        switch (event) {
          case AgentEvent.Finished f -> NotifyEvent.SUCCEEDED;
          case AgentEvent.Failed f ->
              f.kind() == AgentEvent.FailureKind.CANCELLED
                  ? NotifyEvent.CANCELLED
                  : NotifyEvent.FAILED;
          case AgentEvent.ApprovalRequired a -> NotifyEvent.WAITING_APPROVAL;
          default -> null;
        });
  }

  /** A run ends once; a second terminal event of the same run (a late settlement) is not told. */
  private boolean firstEndOfRun(String id, int run) {
    synchronized (endedRuns) {
      Integer last = endedRuns.get(id);
      if (last != null && last >= run) {
        return false;
      }
      endedRuns.put(id, run);
      return true;
    }
  }

  private void submit(Runnable work, String target, NotifyEvent event) {
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      dropped(target, event, "more than " + MAX_PENDING + " notifications are waiting");
      return;
    }
    try {
      deliveries.execute(
          () -> {
            try {
              work.run();
            } catch (RuntimeException e) {
              log.warn("A notification to {} failed: {}", target, safe(e.toString()));
            } finally {
              pending.decrementAndGet();
            }
          });
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet();
      dropped(target, event, "the server is stopping");
    }
  }

  private void dropped(String target, NotifyEvent event, String why) {
    log.warn("Notification ({}) to {} dropped: {}", event.label(), target, why);
    count(target, "-", event, "dropped");
  }

  private void fanOut(String id, RecordedEvent event, Progress after, NotifyEvent kind) {
    Optional<InvestigationRecord> record = store.find(id);
    if (record.isEmpty()) {
      log.warn("Investigation {} is gone; its notification is not sent", id);
      return;
    }
    Map<String, String> labels = labels(record.get(), kind, event.event());
    Notification notification = notification(record.get(), event, after, kind, labels);
    for (NotificationRoute route : settings.routes()) {
      if (route.accepts(kind, labels)) {
        submit(() -> deliver(route, notification), route.name(), kind);
      }
    }
  }

  /** What routes match on: the investigation's own labels, over any its label source gives. */
  private Map<String, String> labels(
      InvestigationRecord record, NotifyEvent kind, AgentEvent event) {
    Map<String, String> labels = new LinkedHashMap<>();
    try {
      labels.putAll(labelSource.labels(record));
    } catch (RuntimeException e) {
      log.warn("Labels of investigation {} unreadable: {}", record.id(), e.toString());
    }
    labels.put("namespace", record.targetNamespace());
    labels.put("status", status(kind));
    labels.put("event", kind.label());
    labels.put("runner", record.runner());
    if (event instanceof AgentEvent.Failed f) {
      labels.put("failure_kind", f.kind().name().toLowerCase(Locale.ROOT));
    }
    return labels;
  }

  private static String status(NotifyEvent kind) {
    return kind == NotifyEvent.WAITING_APPROVAL ? "waiting_for_approval" : kind.label();
  }

  private Notification notification(
      InvestigationRecord record,
      RecordedEvent recorded,
      Progress after,
      NotifyEvent kind,
      Map<String, String> labels) {
    String summary = null;
    String report = null;
    Notification.Held held = null;
    switch (recorded.event()) {
      case AgentEvent.Finished f -> {
        summary = ReportSummary.rootCause(f.result(), SUMMARY_LIMIT);
        report = ReportSummary.cut(f.result(), REPORT_LIMIT);
      }
      case AgentEvent.Failed f -> summary = ReportSummary.cut(f.reason(), SUMMARY_LIMIT);
      case AgentEvent.ApprovalRequired a -> {
        summary = ReportSummary.cut(a.reason(), SUMMARY_LIMIT);
        held =
            new Notification.Held(
                a.callId(),
                a.tool(),
                redact(ReportSummary.cut(command(a), 2_000)),
                redact(a.reason()),
                recorded.at().plus(settings.approvalTimeout()));
      }
      default -> {}
    }
    Map<String, String> safeLabels = new LinkedHashMap<>();
    labels.forEach((k, v) -> safeLabels.put(k, redact(v)));
    return new Notification(
        kind,
        record.id(),
        redact(record.goal()),
        record.targetNamespace(),
        status(kind),
        Math.max(1, after.runs()),
        after.runTurns(),
        redact(summary),
        redact(report),
        held,
        settings.publicUrl() == null
            ? null
            : settings.publicUrl() + "/#/investigations/" + record.id(),
        safeLabels,
        recorded.at());
  }

  /** The command line of a shell call; otherwise every argument by name, a script line by line. */
  private static String command(AgentEvent.ApprovalRequired a) {
    return ApprovalGate.Request.readable(a.arguments());
  }

  private void deliver(NotificationRoute route, Notification notification) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(route.type().payload(notification));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a payload of JSON nodes always serialises", e);
    }
    WebhookSender.Result result =
        sender.send(
            route,
            body,
            () ->
                Counter.builder("oats_notification_retries")
                    .description("Notification deliveries tried again, by route")
                    .tag("target", route.name())
                    .register(registry)
                    .increment());
    if (result.delivered()) {
      log.info(
          "Notified {} ({} {}) of investigation {} ({}) after {} attempt(s)",
          route.name(),
          route.type().label(),
          route.maskedUrl(),
          notification.investigationId(),
          notification.event().label(),
          result.attempts());
      count(route.name(), route.type().label(), notification.event(), "sent");
    } else {
      log.warn(
          "Could not notify {} ({} {}) of investigation {} ({}) after {} attempt(s): {}",
          route.name(),
          route.type().label(),
          route.maskedUrl(),
          notification.investigationId(),
          notification.event().label(),
          result.attempts(),
          result.detail());
      count(route.name(), route.type().label(), notification.event(), "failed");
    }
  }

  private void count(String target, String type, NotifyEvent event, String outcome) {
    Counter.builder("oats_notifications")
        .description("Notifications by route, event and outcome (sent, failed, dropped)")
        .tags("target", target, "type", type, "event", event.label(), "outcome", outcome)
        .register(registry)
        .increment();
  }

  private String redact(String text) {
    return text == null ? null : redactor.redact(text);
  }

  /** Text fit for a log: every route's URL masked, then redacted. */
  private String safe(String text) {
    String masked = text;
    for (NotificationRoute route : settings.routes()) {
      masked = masked.replace(route.url().toString(), route.maskedUrl());
    }
    return redactor.redact(masked);
  }

  /** Deliveries under way get a moment to finish; the rest are stopped. */
  @Override
  public void close() {
    deliveries.shutdown();
    try {
      if (!deliveries.awaitTermination(2, TimeUnit.SECONDS)) {
        deliveries.shutdownNow();
      }
    } catch (InterruptedException e) {
      deliveries.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Deliveries waiting or under way, for tests. */
  int pending() {
    return pending.get();
  }
}
