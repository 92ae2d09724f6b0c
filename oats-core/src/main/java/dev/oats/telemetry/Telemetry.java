package dev.oats.telemetry;

import dev.oats.config.ConfigException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * OpenTelemetry tracing for one process. It is on only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}) is set: then the SDK is configured from the standard
 * {@code OTEL_*} variables and exports spans over OTLP/HTTP (protobuf, on the JDK's HTTP client).
 * Otherwise every tracer is the API's no-op one, and nothing is recorded or sent.
 *
 * <p>Made once at the edge of a process (the CLI command, the server) and passed in; closing it
 * flushes what is still buffered. Trace context crosses process boundaries the W3C way: as {@code
 * TRACEPARENT}/{@code TRACESTATE} variables to an agent Job, as {@code traceparent} headers to MCP
 * servers over HTTP.
 */
public final class Telemetry implements AutoCloseable {

  /** The instrumentation scope of every OATS span. */
  static final String SCOPE = "dev.oats";

  /** The variable of the W3C {@code traceparent} a child process continues its trace from. */
  public static final String TRACEPARENT = "TRACEPARENT";

  public static final String TRACESTATE = "TRACESTATE";

  /**
   * The {@code OTEL_*} variables a child process (an agent Job) gets so that it exports where this
   * one does. Headers are left out on purpose: they often carry a collector's credentials, and the
   * Job's environment is plain text in its spec.
   */
  static final List<String> FORWARDED =
      List.of(
          "OTEL_EXPORTER_OTLP_ENDPOINT",
          "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
          "OTEL_EXPORTER_OTLP_PROTOCOL",
          "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
          "OTEL_EXPORTER_OTLP_COMPRESSION",
          "OTEL_EXPORTER_OTLP_TIMEOUT",
          "OTEL_TRACES_SAMPLER",
          "OTEL_TRACES_SAMPLER_ARG",
          "OTEL_RESOURCE_ATTRIBUTES",
          "OTEL_BSP_SCHEDULE_DELAY");

  private static final Telemetry DISABLED =
      new Telemetry(OpenTelemetry.noop(), null, false, Map.of());

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final boolean recordContent;
  private final Map<String, String> forwarded;

  private Telemetry(
      OpenTelemetry openTelemetry,
      OpenTelemetrySdk sdk,
      boolean recordContent,
      Map<String, String> forwarded) {
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
    this.tracer = openTelemetry.getTracer(SCOPE, version());
    this.recordContent = recordContent;
    this.forwarded = forwarded;
  }

  /** Tracing off: no-op spans that cost next to nothing. */
  public static Telemetry disabled() {
    return DISABLED;
  }

  /**
   * Tracing as the environment says.
   *
   * @param environment the process environment; the standard {@code OTEL_*} variables in it
   *     configure the SDK
   * @param defaultServiceName {@code service.name} unless {@code OTEL_SERVICE_NAME} (or {@code
   *     OTEL_RESOURCE_ATTRIBUTES}) names one
   * @param recordContent whether prompts, answers and tool input and output go into spans ({@code
   *     OATS_TRACE_CONTENT}), always redacted
   * @throws ConfigException when the {@code OTEL_*} variables are wrong
   */
  public static Telemetry fromEnvironment(
      Map<String, String> environment, String defaultServiceName, boolean recordContent) {
    if (!enabledBy(environment)) {
      return DISABLED;
    }
    Map<String, String> properties = new TreeMap<>();
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("OTEL_") && value != null && !value.isBlank()) {
            properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value.strip());
          }
        });
    properties.putIfAbsent("otel.service.name", defaultServiceName);
    properties.putIfAbsent("otel.exporter.otlp.protocol", "http/protobuf");
    // Only traces: OATS's metrics are Prometheus's, and its logs go to standard error.
    properties.put("otel.traces.exporter", "otlp");
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    OpenTelemetrySdk sdk;
    try {
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> properties)
              .disableShutdownHook()
              .build()
              .getOpenTelemetrySdk();
    } catch (RuntimeException e) {
      throw new ConfigException(
          "Cannot set up tracing from the OTEL_* variables: "
              + e.getMessage()
              + ". OATS exports traces over OTLP/HTTP (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf,"
              + " the default) to OTEL_EXPORTER_OTLP_ENDPOINT, such as http://collector:4318.",
          e);
    }
    Map<String, String> forwarded = new LinkedHashMap<>();
    for (String name : FORWARDED) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        forwarded.put(name, value.strip());
      }
    }
    forwarded.put(
        "OTEL_SERVICE_NAME", environment.getOrDefault("OTEL_SERVICE_NAME", "oats-agent").strip());
    return new Telemetry(sdk, sdk, recordContent, Map.copyOf(forwarded));
  }

  /**
   * The values of the exporter's headers ({@code OTEL_EXPORTER_OTLP_HEADERS}, {@code
   * OTEL_EXPORTER_OTLP_TRACES_HEADERS}: {@code name=value,…}), which often are a collector's
   * credentials: for the redactor to remove wherever they appear.
   */
  public static List<String> secretValues(Map<String, String> environment) {
    List<String> values = new ArrayList<>();
    for (String name : List.of("OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS")) {
      String headers = environment.get(name);
      if (headers == null) {
        continue;
      }
      for (String header : headers.split(",")) {
        int equals = header.indexOf('=');
        String value = equals < 0 ? "" : header.substring(equals + 1).strip();
        if (!value.isEmpty()) {
          values.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
          values.add(value);
        }
      }
    }
    return values.stream().distinct().toList();
  }

  /** Whether the environment turns tracing on. */
  public static boolean enabledBy(Map<String, String> environment) {
    if ("true".equalsIgnoreCase(environment.getOrDefault("OTEL_SDK_DISABLED", "").strip())) {
      return false;
    }
    return present(environment, "OTEL_EXPORTER_OTLP_ENDPOINT")
        || present(environment, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  }

  private static boolean present(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value != null && !value.isBlank();
  }

  public boolean enabled() {
    return sdk != null;
  }

  /** Whether prompts and tool input and output go into spans, redacted. */
  public boolean recordsContent() {
    return recordContent;
  }

  public Tracer tracer() {
    return tracer;
  }

  /**
   * The agent's tracing, whose recorded content (when on) goes through {@code redactor} first.
   *
   * @param redactor the agent's redactor: known secret values and secret-looking text removed
   */
  public AgentTracing forAgent(UnaryOperator<String> redactor) {
    return enabled() ? new AgentTracing(tracer, recordContent, redactor) : AgentTracing.DISABLED;
  }

  /**
   * The context a child process continues: the W3C trace context of {@code TRACEPARENT} and {@code
   * TRACESTATE} in its environment, or the root context when there is none (or it is malformed).
   */
  public static Context parentFrom(Map<String, String> environment) {
    return W3CTraceContextPropagator.getInstance()
        .extract(Context.root(), environment, EnvironmentGetter.INSTANCE);
  }

  /**
   * The W3C headers ({@code traceparent}, {@code tracestate}) of the span current on this thread,
   * for a request to another service; empty when no span is being recorded.
   */
  public static Map<String, String> currentHeaders() {
    return headers(Context.current());
  }

  static Map<String, String> headers(Context context) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (Span.fromContext(context).getSpanContext().isValid()) {
      W3CTraceContextPropagator.getInstance().inject(context, headers, Map::put);
    }
    return headers;
  }

  /**
   * What an agent Job's environment needs to continue this trace and export where this process
   * does: {@code TRACEPARENT} (and {@code TRACESTATE}) of {@code context}, the forwarded {@code
   * OTEL_*} variables and the agent's service name. Empty when tracing is off.
   */
  public Map<String, String> childEnvironment(Context context) {
    if (!enabled()) {
      return Map.of();
    }
    Map<String, String> environment = new LinkedHashMap<>(forwarded);
    headers(context)
        .forEach((name, value) -> environment.put(name.toUpperCase(Locale.ROOT), value));
    return environment;
  }

  /**
   * Starts the server's span around starting an agent Job, current until closed.
   *
   * @param namespace where the Job is made
   */
  public JobTrace startJob(String investigationId, String jobName, String namespace) {
    Span span =
        tracer
            .spanBuilder("oats.job.start")
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(GenAi.INVESTIGATION_ID, investigationId)
            .setAttribute(GenAi.CONVERSATION_ID, investigationId)
            .setAttribute(GenAi.JOB_NAME, jobName)
            .setAttribute(GenAi.NAMESPACE, namespace)
            .startSpan();
    return new JobTrace(this, span);
  }

  /** Exports what is buffered, waiting at most {@code timeout}; the process may exit after. */
  public boolean flush(Duration timeout) {
    if (sdk == null) {
      return true;
    }
    CompletableResultCode done = sdk.getSdkTracerProvider().forceFlush();
    return done.join(timeout.toMillis(), TimeUnit.MILLISECONDS).isSuccess();
  }

  /** Flushes (for at most 10 s) and stops the exporter. */
  @Override
  public void close() {
    if (sdk != null) {
      flush(Duration.ofSeconds(10));
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static String version() {
    return Optional.ofNullable(Telemetry.class.getPackage().getImplementationVersion())
        .orElse("dev");
  }

  /** Reads {@code traceparent} from {@code TRACEPARENT}, the way variables are spelled. */
  private enum EnvironmentGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return List.of("traceparent", "tracestate");
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      if (carrier == null) {
        return null;
      }
      String value = carrier.get(key.toUpperCase(Locale.ROOT));
      return value == null ? null : value.strip();
    }
  }
}
