package dev.oats.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.event.EventJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reading request bodies: bounded in size, parsed as a JSON object, errors that say what to fix.
 */
final class Requests {

  static final int MAX_BODY_BYTES = 64 * 1024;

  private Requests() {}

  static ObjectNode jsonObject(Context ctx, String example) {
    long declared = ctx.contentLength();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge(declared);
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw tooLarge(body.length);
    }
    if (body.length == 0) {
      throw ApiException.badRequest("The request has no body. Send a JSON object like " + example);
    }
    JsonNode node;
    try {
      node = EventJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "The body is not valid JSON (%s). Send a JSON object like %s"
              .formatted(e.getOriginalMessage(), example));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest("The body must be a JSON object like " + example);
    }
    return object;
  }

  private static ApiException tooLarge(long size) {
    return ApiException.tooLarge(
        "The body is %,d bytes; the limit is %,d. Shorten the goal."
            .formatted(size, MAX_BODY_BYTES));
  }
}
