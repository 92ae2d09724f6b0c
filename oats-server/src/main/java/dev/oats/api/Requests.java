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
  private static final long DRAIN_LIMIT = 4L * 1024 * 1024;

  private Requests() {}

  static ObjectNode jsonObject(Context ctx, String example) {
    long declared = ctx.contentLength();
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        // Read on (within reason) so that the client, still sending, gets the 413 rather than a
        // connection reset.
        long rest = 0;
        for (long n = 1; n > 0 && rest < DRAIN_LIMIT; rest += n) {
          n = in.skip(DRAIN_LIMIT - rest);
        }
        throw tooLarge(Math.max(declared, body.length + rest), ctx);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  private static ApiException tooLarge(long size, Context ctx) {
    return ApiException.tooLarge(
        "The body is %,d bytes; the limit is %,d.%s"
            .formatted(size, MAX_BODY_BYTES, sizeHint(ctx)));
  }

  /** A client's value quoted in an error message: at most 80 characters. */
  static String shown(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }

  /** What to shorten: only a submitted goal can be long; any other body is small by nature. */
  static String sizeHint(Context ctx) {
    return ctx.path().equals("/investigate")
        ? " Shorten the goal: put long material (logs, manifests) in a file or the cluster."
        : " Send only the fields the endpoint takes; see /openapi.json.";
  }
}
