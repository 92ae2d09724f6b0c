package dev.oats.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1, as a collector would be: it accepts {@code POST
 * /v1/traces} with a protobuf {@code ExportTraceServiceRequest} (plain or gzip), decodes it with
 * the official proto classes and keeps every span. Point an exporter at {@link #endpoint()} through
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
 */
public final class OtlpReceiver implements AutoCloseable {

  /**
   * One received span.
   *
   * @param traceId 32 hex digits
   * @param spanId 16 hex digits
   * @param parentSpanId 16 hex digits, or empty for a root span
   * @param kind the proto's kind name, such as {@code SPAN_KIND_CLIENT}
   * @param attributes the span's attributes: strings, longs, doubles, booleans, or lists of them
   * @param statusCode the proto's status name, such as {@code STATUS_CODE_ERROR}
   * @param serviceName the {@code service.name} of the span's resource
   */
  public record ReceivedSpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      Map<String, Object> attributes,
      String statusCode,
      String statusMessage,
      String serviceName,
      long startNanos,
      long endNanos) {

    public Object attribute(String key) {
      return attributes.get(key);
    }

    public boolean isRoot() {
      return parentSpanId.isEmpty();
    }
  }

  private final HttpServer http;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  public OtlpReceiver() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", this::exchange);
    http.start();
  }

  /** The base URL, for {@code OTEL_EXPORTER_OTLP_ENDPOINT}; traces go to its {@code /v1/traces}. */
  public String endpoint() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** Every span received so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Requests that were not a valid trace export, described; empty when all were. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** The spans, once one matching {@code until} has arrived (or the wait ran out). */
  public List<ReceivedSpan> await(Predicate<ReceivedSpan> until, Duration timeout)
      throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (spans.stream().anyMatch(until)) {
        return spans();
      }
      Thread.sleep(20);
    }
    return spans();
  }

  /** The first span with this name, if one arrived. */
  public Optional<ReceivedSpan> named(String name) {
    return spans.stream().filter(span -> span.name().equals(name)).findFirst();
  }

  @Override
  public void close() {
    http.stop(0);
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")
          || !exchange.getRequestURI().getPath().equals("/v1/traces")) {
        problems.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.startsWith("application/x-protobuf")) {
        problems.add("content type " + type);
        exchange.sendResponseHeaders(415, -1);
        return;
      }
      ExportTraceServiceRequest request;
      try (InputStream body = body(exchange)) {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (IOException e) {
        problems.add("unreadable export: " + e);
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      request.getResourceSpansList().forEach(this::keep);
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    InputStream raw = exchange.getRequestBody();
    return "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
        ? new GZIPInputStream(raw)
        : raw;
  }

  private void keep(ResourceSpans resource) {
    String service =
        String.valueOf(attributes(resource.getResource().getAttributesList()).get("service.name"));
    for (ScopeSpans scope : resource.getScopeSpansList()) {
      for (io.opentelemetry.proto.trace.v1.Span span : scope.getSpansList()) {
        spans.add(
            new ReceivedSpan(
                hex(span.getTraceId().toByteArray()),
                hex(span.getSpanId().toByteArray()),
                hex(span.getParentSpanId().toByteArray()),
                span.getName(),
                span.getKind().name(),
                attributes(span.getAttributesList()),
                span.getStatus().getCode().name(),
                span.getStatus().getMessage(),
                service,
                span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano()));
      }
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    keyValues.forEach(kv -> map.put(kv.getKey(), value(kv.getValue())));
    return map;
  }

  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BOOL_VALUE -> value.getBoolValue();
      case ARRAY_VALUE -> {
        List<Object> list = new ArrayList<>();
        value.getArrayValue().getValuesList().forEach(v -> list.add(value(v)));
        yield List.copyOf(list);
      }
      default -> value.toString();
    };
  }
}
