package dev.oats.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.event.EventJson;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before any route runs (a bad URI or UTF-8, {@code ..}, a URI or
 * headers too large, an unknown HTTP version) or through {@code sendError}, written as the API's
 * {@code {"error": {"code", "message"}}} instead of Jetty's HTML page. One for the server (what
 * Jetty refuses before any context), one for the servlet context ({@code sendError}).
 */
final class JettyErrors extends ErrorHandler {

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    writeJson(response, status, message, callback);
  }

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int status,
      String message,
      Throwable cause) {
    writeJson(response, status, message, callback);
    return true;
  }

  private static void writeJson(Response response, int status, String message, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    securityHeaders(response.getHeaders());
    response.write(true, ByteBuffer.wrap(body(status, message)), callback);
  }

  /** The servlet context's error handler: what {@code sendError} writes. */
  static final class ForServlets extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    @Override
    protected boolean generateAcceptableResponse(
        Request request,
        Response response,
        Callback callback,
        String contentType,
        List<Charset> charsets,
        int status,
        String message,
        Throwable cause) {
      writeJson(response, status, message, callback);
      return true;
    }
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    securityHeaders(fields);
    return ByteBuffer.wrap(body(status, reason));
  }

  /** The headers every other answer carries (ApiServer's), on the answers Jetty writes itself. */
  private static void securityHeaders(HttpFields.Mutable fields) {
    fields.put("Content-Security-Policy", ApiServer.CONTENT_SECURITY_POLICY);
    fields.put("X-Content-Type-Options", "nosniff");
    fields.put("Referrer-Policy", "no-referrer");
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
  }

  static byte[] body(int status, String reason) {
    ObjectNode error = EventJson.MAPPER.createObjectNode();
    error.putObject("error").put("code", code(status)).put("message", message(status, reason));
    return error.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      case 431 -> "headers_too_large";
      case 503 -> "unavailable";
      case 505 -> "http_version_not_supported";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }

  private static String message(int status, String reason) {
    String said = reason == null ? "" : Requests.shown(reason.strip());
    return switch (status) {
      case 414 -> "The URL is too long: send long values in a request body.";
      case 431 -> "The request headers are too large.";
      case 505 -> "This server speaks HTTP/1.0 and HTTP/1.1 only.";
      case 404 -> "No such endpoint. See /openapi.json.";
      default ->
          status >= 500
              ? "OATS failed to answer this request; see the server log."
              : "The request was refused (HTTP %d%s). See /openapi.json."
                  .formatted(status, said.isEmpty() ? "" : ": " + said);
    };
  }
}
