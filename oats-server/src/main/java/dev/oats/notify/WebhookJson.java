package dev.oats.notify;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The generic webhook's body, schema {@code oats.notification.v1} (documented in
 * docs/notifications.md). Fields are only ever added to it; a change that removes or retypes one
 * gets a new schema name.
 */
final class WebhookJson {

  static final String SCHEMA = "oats.notification.v1";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private WebhookJson() {}

  static ObjectNode of(Notification n) {
    ObjectNode body = JSON.objectNode();
    body.put("schema", SCHEMA);
    body.put("event", n.event().label());
    body.put("at", n.at().toString());
    body.put("title", n.title());
    ObjectNode investigation = body.putObject("investigation");
    investigation.put("id", n.investigationId());
    investigation.put("goal", n.goal());
    investigation.put("target_namespace", n.namespace());
    investigation.put("status", n.status());
    investigation.put("run", n.run());
    investigation.put("turns", n.turns());
    investigation.put("url", n.link());
    body.put("summary", n.summary());
    body.put("report", n.report());
    if (n.held() == null) {
      body.putNull("approval");
    } else {
      body.putObject("approval")
          .put("call_id", n.held().callId())
          .put("tool", n.held().tool())
          .put("command", n.held().command())
          .put("reason", n.held().reason())
          .put("decide_by", n.held().decideBy().toString());
    }
    ObjectNode labels = body.putObject("labels");
    n.labels().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    return body;
  }
}
