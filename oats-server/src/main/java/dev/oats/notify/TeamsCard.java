package dev.oats.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A message for a Microsoft Teams workflow started by "When a Teams webhook request is received"
 * (the template "Post to a channel when a webhook request is received"): a {@code message} whose
 * one attachment is an Adaptive Card 1.4 with the facts, the summary and a button to the
 * investigation. Workflows take Adaptive Cards only, not the old connectors' MessageCard.
 */
final class TeamsCard {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

  private TeamsCard() {}

  static ObjectNode of(Notification n) {
    ObjectNode message = JSON.objectNode().put("type", "message");
    ObjectNode attachment = message.putArray("attachments").addObject();
    attachment.put("contentType", CONTENT_TYPE);
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.putObject("msteams").put("width", "Full");
    ArrayNode body = card.putArray("body");
    body.addObject()
        .put("type", "TextBlock")
        .put("text", n.title())
        .put("size", "Large")
        .put("weight", "Bolder")
        .put("color", color(n.event()))
        .put("wrap", true);
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    fact(facts, "Status", n.status());
    fact(facts, "Namespace", n.namespace());
    fact(facts, "Goal", n.goal());
    fact(facts, "Investigation", n.investigationId() + " (run " + n.run() + ")");
    if (n.summary() != null && !n.summary().isBlank()) {
      heading(body, n.summaryHeading());
      text(body, n.summary());
    }
    if (n.held() != null) {
      heading(body, "Held command (" + n.held().tool() + ")");
      body.addObject()
          .put("type", "TextBlock")
          .put("text", n.held().command())
          .put("fontType", "Monospace")
          .put("wrap", true);
      text(body, "Denied at " + n.held().decideBy() + " if nobody decides.");
    }
    if (n.link() != null) {
      card.putArray("actions")
          .addObject()
          .put("type", "Action.OpenUrl")
          .put("title", n.held() != null ? "Approve or deny" : "Open investigation")
          .put("url", n.link());
    }
    return message;
  }

  private static String color(NotifyEvent event) {
    return switch (event) {
      case SUCCEEDED -> "Good";
      case FAILED -> "Attention";
      case CANCELLED, WAITING_APPROVAL -> "Warning";
    };
  }

  private static void fact(ArrayNode facts, String title, String value) {
    facts.addObject().put("title", title).put("value", value == null ? "" : value);
  }

  private static void heading(ArrayNode body, String text) {
    body.addObject()
        .put("type", "TextBlock")
        .put("text", text)
        .put("weight", "Bolder")
        .put("spacing", "Medium")
        .put("wrap", true);
  }

  private static void text(ArrayNode body, String text) {
    body.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
  }
}
