package dev.oats.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.alerts.AlertIntake;
import dev.oats.alerts.AlertmanagerPayload;
import dev.oats.event.EventJson;
import dev.oats.store.AlertStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /webhooks/alertmanager}: Alertmanager's webhook, authorised by its own token (never
 * by a user's API key), and the alert kept on an investigation as the API shows it.
 */
public final class AlertWebhook {

  /** Alertmanager sends every alert of a group in one body; a large group is larger than a goal. */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  private static final String EXAMPLE =
      "{\"version\": \"4\", \"status\": \"firing\", \"alerts\": [{\"status\": \"firing\","
          + " \"labels\": {\"alertname\": \"KubePodCrashLooping\", \"namespace\": \"shop\"},"
          + " \"annotations\": {\"summary\": \"...\"}, \"startsAt\": \"2026-12-06T10:00:00Z\","
          + " \"fingerprint\": \"5f0c3a4b2d1e6f70\"}]}";

  private final byte[] tokenHash;
  private final AlertIntake intake;
  private final AlertStore alerts;

  /**
   * @param token {@code OATS_ALERTMANAGER_TOKEN}, or null: the webhook then answers 404 saying what
   *     to set
   */
  public AlertWebhook(String token, AlertIntake intake, AlertStore alerts) {
    this.tokenHash = token == null || token.isBlank() ? null : sha256(token.strip());
    this.intake = intake;
    this.alerts = alerts;
  }

  void receive(Context ctx) {
    authorise(ctx);
    AlertmanagerPayload payload;
    try {
      payload = AlertmanagerPayload.read(body(ctx));
    } catch (AlertmanagerPayload.Malformed e) {
      ctx.status(400)
          .json(
              Map.of(
                  "error",
                  Map.of(
                      "code",
                      "invalid_payload",
                      "message",
                      "Not an Alertmanager webhook payload (version 4): " + e.getMessage(),
                      "field",
                      e.field())));
      return;
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (AlertIntake.Result r : intake.receive(payload)) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("index", r.index());
      one.put("alertname", r.alertname());
      one.put("fingerprint", r.fingerprint());
      one.put("status", r.status());
      one.put("outcome", r.outcome().wire());
      one.put("investigation_id", r.investigationId());
      one.put("reason", r.reason());
      results.add(one);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("received", results.size());
    answer.put("truncated_alerts", payload.truncatedAlerts());
    answer.put("alerts", results);
    ctx.status(200).json(answer);
  }

  private void authorise(Context ctx) {
    if (tokenHash == null) {
      // 404, not 503: nothing is wrong that a retry would mend, so Alertmanager should not retry.
      throw new ApiException(
          404,
          "webhook_disabled",
          "The Alertmanager webhook is off: set OATS_ALERTMANAGER_TOKEN on the OATS server, and the"
              + " same token in Alertmanager's webhook_configs http_config.authorization.credentials."
              + " See docs/alertmanager.md.");
    }
    String authorization = ctx.header("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthorized(
          "Send the webhook token as Authorization: Bearer <OATS_ALERTMANAGER_TOKEN> (in"
              + " Alertmanager: http_config.authorization.credentials). API keys are not accepted"
              + " here.");
    }
    // Comparing digests takes the same time whatever the token and however much of it matches.
    if (!MessageDigest.isEqual(tokenHash, sha256(authorization.substring(7).strip()))) {
      throw ApiException.unauthorized("The webhook token is not valid.");
    }
  }

  private static JsonNode body(Context ctx) {
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw ApiException.tooLarge(
          "The body is over %,d bytes. Lower max_alerts in Alertmanager's webhook_configs."
              .formatted(MAX_BODY_BYTES));
    }
    if (body.length == 0) {
      throw ApiException.badRequest(
          "The request has no body. Alertmanager sends JSON like " + EXAMPLE);
    }
    try {
      return EventJson.MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest(
          "The body is not valid JSON (%s). Alertmanager sends JSON like %s"
              .formatted(e.getOriginalMessage(), EXAMPLE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The alert that started the investigation, as the investigation's JSON shows it. */
  Optional<ObjectNode> view(String investigationId) {
    return alerts
        .forInvestigation(investigationId)
        .map(
            a -> {
              ObjectNode node = EventJson.MAPPER.createObjectNode();
              node.put("alertname", a.alertname());
              node.put("fingerprint", a.fingerprint());
              node.put("status", a.status());
              node.set("labels", EventJson.MAPPER.valueToTree(a.labels()));
              node.set("annotations", EventJson.MAPPER.valueToTree(a.annotations()));
              node.put("starts_at", string(a.startsAt()));
              node.put("ends_at", string(a.endsAt()));
              node.put("generator_url", a.generatorUrl());
              node.put("external_url", a.externalUrl());
              node.put("receiver", a.receiver());
              node.put("runbook", a.runbook());
              node.put("received_at", string(a.receivedAt()));
              node.put("last_received_at", string(a.lastReceivedAt()));
              node.put("deliveries", a.deliveries());
              node.put("resolved_at", string(a.resolvedAt()));
              return node;
            });
  }

  private static String string(java.time.Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
