package dev.oats.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.EventJson;
import io.javalin.http.Context;
import java.io.IOException;

/** What a ticket is asked for, and what a WebSocket upgrade presents it for. */
final class SocketTicketRequests {

  private static final String SOCKET_PREFIX = "/ws/investigations/";
  private static final String EXAMPLE = "{\"investigation_id\": \"<id>\"}, or no body at all";

  private SocketTicketRequests() {}

  /**
   * The investigation a {@code POST /ws-tickets} body names, or empty for a ticket that opens any
   * (no body).
   */
  static String investigationId(Context ctx) {
    String raw = ctx.body();
    if (raw.isBlank()) {
      return "";
    }
    JsonNode body;
    try {
      body = EventJson.MAPPER.readTree(raw);
    } catch (IOException e) {
      throw ApiException.badRequest("The body is not valid JSON. Send " + EXAMPLE);
    }
    if (!body.isObject()) {
      throw ApiException.badRequest("The body must be a JSON object like " + EXAMPLE);
    }
    JsonNode id = body.path("investigation_id");
    if (id.isMissingNode() || id.isNull()) {
      return "";
    }
    if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > 100) {
      throw ApiException.badRequest(
          "\"investigation_id\" must be an investigation's id (text, at most 100 characters).");
    }
    return id.asText();
  }

  /** The investigation whose stream a WebSocket upgrade asks for. */
  static String socketInvestigation(Context ctx) {
    String path = ctx.path();
    return path.startsWith(SOCKET_PREFIX) ? path.substring(SOCKET_PREFIX.length()) : path;
  }
}
