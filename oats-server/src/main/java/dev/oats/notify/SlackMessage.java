package dev.oats.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Slack incoming webhook's message: Block Kit blocks (a header, the facts, the summary, a button
 * to the investigation) and a {@code text} fallback, which Slack shows in notifications and where
 * blocks cannot be. Text is escaped as Slack's {@code mrkdwn} needs ({@code &}, {@code <}, {@code
 * >}), so a goal cannot mention {@code @channel} or forge a link, and cut to Slack's limits (150
 * characters in a header, 3000 in a section, 2000 in a field).
 */
final class SlackMessage {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SlackMessage() {}

  static ObjectNode of(Notification n) {
    ObjectNode message = JSON.objectNode();
    message.put("text", fallback(n));
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", cut(n.title(), 150));
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    field(fields, "Status", n.status());
    field(fields, "Namespace", n.namespace());
    section(blocks, "*Goal*\n" + escape(n.goal()));
    if (n.summary() != null && !n.summary().isBlank()) {
      section(blocks, "*" + n.summaryHeading() + "*\n" + mrkdwn(n.summary()));
    }
    if (n.held() != null) {
      section(
          blocks,
          "*Held command* (`"
              + escape(n.held().tool())
              + "`)\n```"
              + escape(n.held().command()).replace("```", "'''")
              + "```\nDenied at "
              + n.held().decideBy()
              + " if nobody decides.");
    }
    if (n.link() != null) {
      ObjectNode button =
          blocks.addObject().put("type", "actions").putArray("elements").addObject();
      button.put("type", "button").put("action_id", "open_investigation").put("url", n.link());
      button
          .putObject("text")
          .put("type", "plain_text")
          .put("text", n.held() != null ? "Approve or deny" : "Open investigation");
    }
    ObjectNode context = blocks.addObject().put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put(
            "text",
            "OATS · investigation `%s` · run %d · %d turn%s"
                .formatted(n.investigationId(), n.run(), n.turns(), n.turns() == 1 ? "" : "s"));
    return message;
  }

  private static String fallback(Notification n) {
    String text = "OATS: %s in %s: %s".formatted(n.title().toLowerCase(), n.namespace(), n.goal());
    if (n.summary() != null && !n.summary().isBlank()) {
      text += " — " + n.summary();
    }
    text = escape(ReportSummary.cut(text, 2_000));
    return n.link() == null ? text : text + " <" + n.link() + "|Open>";
  }

  private static void field(ArrayNode fields, String name, String value) {
    fields
        .addObject()
        .put("type", "mrkdwn")
        .put("text", cut("*" + name + "*\n" + escape(value), 2_000));
  }

  private static void section(ArrayNode blocks, String text) {
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", cut(text, 3_000));
  }

  /** Markdown's {@code **bold**} is Slack's {@code *bold*}; the rest reads well enough as it is. */
  private static String mrkdwn(String markdown) {
    return escape(markdown).replaceAll("\\*\\*(.+?)\\*\\*", "*$1*");
  }

  /** The three characters Slack's mrkdwn wants escaped. */
  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String text, int limit) {
    return ReportSummary.cut(text, limit);
  }
}
