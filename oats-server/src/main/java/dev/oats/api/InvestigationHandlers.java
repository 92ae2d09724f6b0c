package dev.oats.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.runner.RunnerException;
import dev.oats.server.InvestigationService;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import dev.oats.store.ListQuery;
import dev.oats.store.Page;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Submitting, listing, reading and cancelling investigations, asking follow-up questions, and
 * deciding held calls.
 */
final class InvestigationHandlers {

  static final int MAX_GOAL_CHARS = 10_000;
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final String EXAMPLE =
      "{\"goal\": \"why is checkout-api crash-looping?\", \"target_namespace\": \"shop\"}";
  private static final Set<String> FIELDS = Set.of("goal", "target_namespace");
  private static final String MESSAGE_EXAMPLE = "{\"message\": \"and why did the memory grow?\"}";

  private final InvestigationService service;
  private final Supplier<String> publicUrl;
  private final Optional<String> modelProblem;

  InvestigationHandlers(
      InvestigationService service,
      Supplier<String> publicUrl,
      java.util.function.Function<String, java.util.Optional<ObjectNode>> alertOf,
      Optional<String> modelProblem) {
    this.service = service;
    this.publicUrl = publicUrl;
    this.alertOf = alertOf;
    this.modelProblem = modelProblem;
  }

  /** A server without a model refuses work up front, before anything is stored. */
  private void requireModel() {
    if (modelProblem.isPresent()) {
      throw new ApiException(503, "model_not_configured", modelProblem.get());
    }
  }

  /** The alert that started an investigation, for its JSON. */
  private final java.util.function.Function<String, java.util.Optional<ObjectNode>> alertOf;

  /** The seed's {@code POST /investigate}. */
  void submit(Context ctx) {
    ObjectNode body = Requests.jsonObject(ctx, EXAMPLE);
    rejectUnknownFields(body);
    String goal = goal(body.get("goal"));
    String namespace = namespace(body.get("target_namespace"));
    String idempotencyKey = idempotencyKey(ctx.header(IDEMPOTENCY_KEY));
    requireModel();
    InvestigationService.Submitted submitted;
    try {
      submitted =
          service.submitOnce(ctx.attribute(ApiServer.KEY_NAME), goal, namespace, idempotencyKey);
    } catch (RunnerException e) {
      throw new ApiException(
          e.unavailable() ? 503 : 502,
          e.unavailable() ? "runner_unavailable" : "runner_failed",
          "The investigation could not be started: " + e.getMessage());
    } catch (InvestigationService.SubmitKeyReusedException e) {
      throw new ApiException(422, "idempotency_key_reused", e.getMessage());
    }
    InvestigationRecord record = submitted.investigation();
    Map<String, Object> answer = new LinkedHashMap<>();
    if (submitted.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    answer.put(
        "message",
        submitted.replayed()
            ? "Already submitted under this Idempotency-Key: this is the investigation it started."
            : record.status() == InvestigationStatus.PENDING
                // No count of the running ones here: a GROUP BY over the whole table per queued
                // submit was a sixth of the server's CPU under load, growing with the table.
                ? "Investigation queued: it starts as soon as a slot is free."
                : "Investigation started.");
    answer.put("job_name", record.jobName());
    answer.put("job_id", record.id());
    answer.put("command_to_check_logs", service.logsCommand(record, publicUrl.get()));
    answer.put("status", record.status().name().toLowerCase(Locale.ROOT));
    ctx.status(200).json(answer);
  }

  /** The request header that makes a retried submit return the investigation it started. */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /**
   * The submit's {@code Idempotency-Key}, null when none was sent: 1 to 255 visible ASCII
   * characters (a UUID is the usual choice), the same for every retry of one submit.
   */
  private static String idempotencyKey(String header) {
    if (header == null) {
      return null;
    }
    boolean visible = !header.isEmpty() && header.length() <= 255;
    for (int i = 0; visible && i < header.length(); i++) {
      char c = header.charAt(i);
      visible = c > ' ' && c < 0x7f;
    }
    if (!visible) {
      throw ApiException.invalid(
          "The Idempotency-Key header must be 1 to 255 visible ASCII characters (no spaces), the"
              + " same for each retry of one submit: e.g. a UUID.");
    }
    return header;
  }

  private static void rejectUnknownFields(ObjectNode body) {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      String hint = unknown.contains("namespace") ? " (did you mean \"target_namespace\"?)" : "";
      throw ApiException.invalid(
          "Unknown field(s) %s%s. The body takes \"goal\" and \"target_namespace\"."
              .formatted(String.join(", ", unknown), hint));
    }
  }

  private static String goal(JsonNode node) {
    if (node == null || node.isNull()) {
      throw ApiException.invalid("\"goal\" is required: say what to investigate, e.g. " + EXAMPLE);
    }
    if (!node.isTextual()) {
      throw ApiException.invalid(
          "\"goal\" must be a string, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    String goal = node.asText().strip();
    if (goal.isEmpty()) {
      throw ApiException.invalid("\"goal\" is empty: say what to investigate.");
    }
    if (goal.length() > MAX_GOAL_CHARS) {
      throw ApiException.invalid(
          "\"goal\" is %,d characters; the limit is %,d. Put long material (logs, manifests) in"
                  .formatted(goal.length(), MAX_GOAL_CHARS)
              + " a file or the cluster and describe it briefly.");
    }
    return goal;
  }

  private static String namespace(JsonNode node) {
    if (node == null || node.isNull()) {
      return "default";
    }
    String namespace = node.isTextual() ? node.asText() : node.toString();
    if (!node.isTextual() || namespace.length() > 63 || !DNS_LABEL.matcher(namespace).matches()) {
      throw ApiException.invalid(
          "\"target_namespace\" must be a Kubernetes namespace name (a DNS-1123 label: lower case"
              + " letters, digits and '-', at most 63 characters, starting and ending with a letter"
              + " or digit), not "
              + node);
    }
    return namespace;
  }

  void list(Context ctx) {
    int limit = intParam(ctx, "limit", 20, 1, ListQuery.MAX_LIMIT);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    ListQuery query = ListQuery.firstPage(limit).withOffset(offset);
    String statuses = ctx.queryParam("status");
    if (statuses != null && !statuses.isBlank()) {
      EnumSet<InvestigationStatus> wanted = EnumSet.noneOf(InvestigationStatus.class);
      for (String name : statuses.split(",")) {
        if (!name.isBlank()) {
          wanted.add(status(name.strip()));
        }
      }
      if (wanted.isEmpty()) {
        throw ApiException.invalid(
            "'status' names no status; use a comma-separated list of pending, running, succeeded,"
                + " failed or cancelled");
      }
      InvestigationStatus first = wanted.iterator().next();
      wanted.remove(first);
      query = query.withStatuses(first, wanted.toArray(InvestigationStatus[]::new));
    }
    String namespace = ctx.queryParam("namespace");
    if (namespace != null && !namespace.isBlank()) {
      query = query.withNamespace(namespace);
    }
    String prefix = ctx.queryParam("namespace_prefix");
    if (prefix != null && !prefix.isBlank()) {
      query = query.withNamespacePrefix(prefix.strip().toLowerCase(Locale.ROOT));
    }
    String text = ctx.queryParam("q");
    if (text != null && !text.isBlank()) {
      query = query.withGoalContaining(text.strip());
    }
    Page page = service.store().list(query);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("items", page.items().stream().map(InvestigationView::summary).toList());
    answer.put("total", page.total());
    answer.put("limit", limit);
    answer.put("offset", offset);
    ctx.json(answer);
  }

  private static InvestigationStatus status(String name) {
    try {
      return InvestigationStatus.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          ("Unknown status '%s'; use pending, running, waiting_for_approval, succeeded, failed or"
                  + " cancelled")
              .formatted(Requests.shown(name)));
    }
  }

  static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    String digits = raw.strip();
    if (!digits.matches("[-+]?[0-9]{1,100}")) {
      throw ApiException.invalid(
          "'%s' must be a whole number, not '%s'".formatted(name, Requests.shown(raw)));
    }
    long value;
    try {
      value = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      value = digits.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE; // beyond any range
    }
    if (value < min || value > max) {
      throw ApiException.invalid(
          "'%s' is %s, out of range: it must be between %d and %d"
              .formatted(name, Requests.shown(digits), min, max));
    }
    return (int) value;
  }

  void get(Context ctx) {
    InvestigationRecord record = find(ctx.pathParam("id"));
    ObjectNode view =
        dev.oats.event.EventJson.MAPPER.valueToTree(
            InvestigationView.full(
                record,
                service.logsCommand(record, publicUrl.get()),
                service.progress(record.id()),
                service.approvals(record.id()),
                service.store().people(record.id())));
    alertOf.apply(record.id()).ifPresent(alert -> view.set("alert", alert));
    ctx.json(view);
  }

  /**
   * {@code POST /investigations/{id}/messages}: a follow-up question. The next run continues the
   * conversation and streams on the same event stream; an ended investigation is reopened.
   */
  void ask(Context ctx) {
    String id = ctx.pathParam("id");
    find(id);
    ObjectNode body = Requests.jsonObject(ctx, MESSAGE_EXAMPLE);
    List<String> unknown = unknownFields(body, Set.of("message"));
    if (!unknown.isEmpty()) {
      throw ApiException.invalid(
          "Unknown field(s) %s. The body takes \"message\" only, like %s"
              .formatted(String.join(", ", unknown), MESSAGE_EXAMPLE));
    }
    String message = text(body.get("message"), "message", MESSAGE_EXAMPLE);
    requireModel();
    switch (service.ask(id, message)) {
      case InvestigationService.FollowUp.NotFound n ->
          throw ApiException.notFound("No investigation with id '" + id + "'.");
      case InvestigationService.FollowUp.StillRunning r ->
          throw ApiException.conflict(
              "Investigation %s is %s: ask once its current run has ended (or cancel it)."
                  .formatted(id, r.investigation().status().name().toLowerCase(Locale.ROOT)));
      case InvestigationService.FollowUp.Asked asked -> {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", "Follow-up asked: run %d answers it.".formatted(asked.run()));
        answer.put("job_id", id);
        answer.put("run", asked.run());
        answer.put("seq", asked.seq());
        answer.put("status", asked.investigation().status().name().toLowerCase(Locale.ROOT));
        answer.put("events", "/investigations/" + id + "/events");
        ctx.status(202).json(answer);
      }
    }
  }

  /** {@code GET /investigations/{id}/approvals}: its held calls, waiting or decided. */
  void approvals(Context ctx) {
    String id = ctx.pathParam("id");
    find(id);
    ctx.json(Map.of("approvals", service.approvals(id)));
  }

  /** {@code POST /investigations/{id}/approvals/{callId}} with {@code {"approve": bool}}. */
  void decide(Context ctx) {
    String id = ctx.pathParam("id");
    String callId = ctx.pathParam("callId");
    find(id);
    ObjectNode body =
        Requests.jsonObject(ctx, "{\"approve\": true, \"reason\": \"checked the command\"}");
    if (!body.path("approve").isBoolean()) {
      throw ApiException.invalid("\"approve\" must be true or false.");
    }
    boolean approve = body.get("approve").asBoolean();
    String by = ctx.attribute(ApiServer.KEY_NAME);
    InvestigationService.DecisionOutcome outcome =
        service.decide(id, callId, approve, by, body.path("reason").asText(null));
    if (outcome != InvestigationService.DecisionOutcome.DECIDED) {
      throw ApiException.conflict(
          "Call %s of investigation %s is not waiting for approval.".formatted(callId, id));
    }
    ctx.json(Map.of("call_id", callId, "approved", approve, "decided_by", by));
  }

  private static List<String> unknownFields(ObjectNode body, Set<String> known) {
    List<String> unknown = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                unknown.add(name);
              }
            });
    return unknown;
  }

  private static String text(JsonNode node, String field, String example) {
    if (node == null || node.isNull()) {
      throw ApiException.invalid("\"%s\" is required, e.g. %s".formatted(field, example));
    }
    if (!node.isTextual()) {
      throw ApiException.invalid(
          "\"%s\" must be a string, not %s"
              .formatted(field, node.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    String text = node.asText().strip();
    if (text.isEmpty()) {
      throw ApiException.invalid("\"%s\" is empty: say what you want to know.".formatted(field));
    }
    if (text.length() > MAX_GOAL_CHARS) {
      throw ApiException.invalid(
          "\"%s\" is %,d characters; the limit is %,d."
              .formatted(field, text.length(), MAX_GOAL_CHARS));
    }
    return text;
  }

  InvestigationRecord find(String id) {
    return service
        .store()
        .find(id)
        .orElseThrow(() -> ApiException.notFound("No investigation with id '" + id + "'."));
  }

  void cancel(Context ctx) {
    String id = ctx.pathParam("id");
    if (!find(id).status().isTerminal()) {
      // Kept before the cancel so that the page shows who cancelled as soon as it ended.
      service.store().setCancelledBy(id, ctx.attribute(ApiServer.KEY_NAME));
    }
    InvestigationService.CancelOutcome outcome = service.cancel(id);
    switch (outcome) {
      case NOT_FOUND -> throw ApiException.notFound("No investigation with id '" + id + "'.");
      case ALREADY_ENDED ->
          throw ApiException.conflict(
              "Investigation %s has already ended (%s)."
                  .formatted(id, find(id).status().name().toLowerCase(Locale.ROOT)));
      default ->
          ctx.status(202)
              .json(
                  Map.of(
                      "message",
                      outcome == InvestigationService.CancelOutcome.CANCELLED
                          ? "Cancelled."
                          : "Cancelling.",
                      "job_id",
                      id,
                      "status",
                      find(id).status().name().toLowerCase(Locale.ROOT)));
    }
  }
}
