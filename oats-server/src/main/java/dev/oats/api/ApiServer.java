package dev.oats.api;

import dev.oats.event.EventJson;
import dev.oats.server.ApiKeys;
import dev.oats.server.EventBus;
import dev.oats.server.InvestigationService;
import dev.oats.server.ServerMetrics;
import dev.oats.server.SocketTickets;
import dev.oats.store.InvestigationStatus;
import dev.oats.store.StoreException;
import dev.oats.store.StoreHealth;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HTTP server from its dependencies: one route table, one error mapper. Tests start it
 * on port 0 with a real client.
 */
public final class ApiServer {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /**
   * The web UI loads nothing from anywhere but this server: no inline script or style, no CDN, and
   * the page may not be framed. {@code 'self'} covers the same-origin WebSocket in current
   * browsers.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

  /** The request attribute that holds the name of the API key that authorised the request. */
  static final String KEY_NAME = "oats.key-name";

  private ApiServer() {}

  /**
   * The server's parts.
   *
   * @param ready whether the server can serve (its database answers and can write), for {@code
   *     /readyz}
   * @param publicUrl the server's URL as clients reach it, for the commands it hands out; never
   *     taken from a request's headers, which a client writes
   * @param uiDevDir the directory the UI's assets are read from on every request (front-end dev
   *     mode, {@code OATS_UI_DEV_DIR}), or null for the files inside the jar
   * @param alerts Alertmanager's webhook, and the alerts kept on investigations
   * @param modelProblem why this server has no language model, when it has none: investigations are
   *     then refused with it
   */
  public record Dependencies(
      InvestigationService service,
      EventBus bus,
      ServerMetrics metrics,
      ApiKeys keys,
      BooleanSupplier ready,
      Supplier<String> publicUrl,
      java.nio.file.Path uiDevDir,
      AlertWebhook alerts,
      Optional<String> modelProblem,
      int streamsPerKey) {}

  public static Javalin create(Dependencies deps) {
    return create(deps, new SocketTickets(Clock.systemUTC()));
  }

  /**
   * The server, with WebSocket tickets that {@code tickets} signs and checks (replicas share its
   * key, so a ticket from one opens a socket on any).
   */
  public static Javalin create(Dependencies deps, SocketTickets tickets) {
    InvestigationHandlers investigations =
        new InvestigationHandlers(
            deps.service(), deps.publicUrl(), deps.alerts()::view, deps.modelProblem());
    StreamLimits streamLimits = new StreamLimits(deps.streamsPerKey());
    EventStreams events =
        new EventStreams(
            deps.service(), deps.bus(), investigations, deps.metrics().registry(), streamLimits);
    String openApi = resource("/oats/openapi.json");
    return Javalin.create(
        cfg -> {
          cfg.concurrency.useVirtualThreads = true;
          cfg.jsonMapper(new JavalinJackson(EventJson.MAPPER, true));
          cfg.http.maxRequestSize = Requests.MAX_BODY_BYTES;
          cfg.http.prefer405over404 = true;
          cfg.startup.showJavalinBanner = false;
          configureJetty(cfg.jetty);

          // The web UI: public files (every API call it makes needs the key), its libraries from
          // WebJars on the classpath; see UiFiles for why not Javalin's static files.
          UiFiles ui = new UiFiles(ApiServer.class.getClassLoader(), deps.uiDevDir());
          cfg.routes.get("/", ui::page);
          cfg.routes.get("/index.html", ui::page);
          cfg.routes.get("/assets/*", ui::page);
          cfg.routes.get("/webjars/*", ui::webjar);

          cfg.routes.before(ApiServer::securityHeaders);
          cfg.routes.before(ctx -> authorise(ctx, deps.keys()));
          cfg.routes.wsBeforeUpgrade(
              "/ws/*", ctx -> authoriseSocket(ctx, deps.keys(), tickets, streamLimits));

          cfg.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
          cfg.routes.get("/readyz", ctx -> ready(ctx, deps.ready(), deps.modelProblem()));
          cfg.routes.get("/metrics", ctx -> metrics(ctx, deps.metrics()));
          cfg.routes.get(
              "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

          cfg.routes.post("/ws-tickets", ctx -> ticket(ctx, tickets));

          cfg.routes.post("/investigate", investigations::submit);
          cfg.routes.get("/investigations", investigations::list);
          cfg.routes.get("/investigations/counts", ctx -> counts(ctx, deps.service()));
          cfg.routes.get("/investigations/{id}", investigations::get);
          cfg.routes.get("/investigations/{id}/events", events::events);
          cfg.routes.post("/investigations/{id}/cancel", investigations::cancel);
          cfg.routes.post("/investigations/{id}/messages", investigations::ask);
          cfg.routes.get("/investigations/{id}/approvals", investigations::approvals);
          cfg.routes.post("/investigations/{id}/approvals/{callId}", investigations::decide);
          cfg.routes.ws("/ws/investigations/{id}", events::socket);
          cfg.routes.post("/internal/investigations/{id}/events", events::deliver);
          cfg.routes.get("/internal/investigations/{id}/events", events::history);
          cfg.routes.get("/internal/investigations/{id}/approvals/{callId}", events::approval);
          cfg.routes.post("/webhooks/alertmanager", deps.alerts()::receive);

          cfg.routes.exception(
              ApiException.class,
              (e, ctx) -> {
                if (e.retryAfterSeconds() > 0) {
                  ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                error(ctx, e.status(), e.code(), e.getMessage());
              });
          cfg.routes.exception(
              HttpResponseException.class,
              (e, ctx) ->
                  error(ctx, e.getStatus(), JettyErrors.code(e.getStatus()), e.getMessage()));
          cfg.routes.exception(StoreException.class, (e, ctx) -> storeFailed(ctx, e));
          cfg.routes.exception(JdbiException.class, (e, ctx) -> storeFailed(ctx, e));
          cfg.routes.exception(
              Exception.class,
              (e, ctx) -> {
                log.error("Request {} {} failed", ctx.method(), ctx.path(), e);
                error(
                    ctx,
                    500,
                    "internal",
                    "OATS failed to answer this request; see the server log.");
              });
          cfg.routes.error(
              404,
              ctx -> {
                if (ctx.attribute(ERROR_WRITTEN) == null) {
                  error(
                      ctx,
                      404,
                      "not_found",
                      "No such endpoint: "
                          + ctx.method()
                          + " "
                          + ctx.path()
                          + ". See /openapi.json.");
                }
              });
          cfg.routes.error(
              405,
              ctx ->
                  error(
                      ctx,
                      405,
                      "method_not_allowed",
                      ctx.method() + " is not allowed on " + ctx.path() + "."));
          cfg.routes.error(
              413,
              ctx ->
                  error(
                      ctx,
                      413,
                      "payload_too_large",
                      "The body is over %,d bytes.%s"
                          .formatted(Requests.MAX_BODY_BYTES, Requests.sizeHint(ctx))));
        });
  }

  /**
   * Jetty as the API needs it: its own error pages (a bad URI, headers too large, an unknown HTTP
   * version) in the API's JSON; no HTTP sessions, which nothing in OATS uses and which Javalin
   * would otherwise create for every WebSocket upgrade, authorised or not.
   */
  private static void configureJetty(io.javalin.config.JettyConfig jetty) {
    jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
    jetty.modifyServer(ApiServer::widenAcceptQueue);
    jetty.modifyServletContextHandler(
        context -> {
          context.setErrorHandler(new JettyErrors.ForServlets());
          context.addFilter(
              new FilterHolder(new NoSessions()), "/*", EnumSet.allOf(DispatcherType.class));
        });
  }

  /**
   * The listening socket's queue of connections the kernel has completed and the server not yet
   * taken: Jetty's default (0) leaves the backlog to the JDK, which makes it 50. A thousand
   * watchers that open their streams at once (a dashboard reloaded by many, clients reconnecting
   * after a restart) then overflow it: the kernel drops the handshakes past the fiftieth, the
   * client retries them only after 1, 3, 7... s (its SYN-ACK retransmits), and some end in a reset;
   * measured in BENCHMARKS.md ("the WebSocket connect phase"). The kernel caps it at {@code
   * net.core.somaxconn} (4096 since Linux 5.4); a queued connection costs the kernel a socket, no
   * thread and nothing of the server's until it is accepted.
   */
  static final int ACCEPT_QUEUE = 4096;

  /**
   * Sets {@link #ACCEPT_QUEUE} on the server's connectors as it starts: Javalin makes its connector
   * after the {@code modifyServer} callbacks run, and Jetty binds the socket with the queue size
   * only when the connector starts, after the server's own start listeners.
   */
  private static void widenAcceptQueue(Server server) {
    server.addEventListener(
        new LifeCycle.Listener() {
          @Override
          public void lifeCycleStarting(LifeCycle event) {
            for (var connector : server.getConnectors()) {
              if (connector instanceof ServerConnector listening
                  && listening.getAcceptQueueSize() < ACCEPT_QUEUE) {
                listening.setAcceptQueueSize(ACCEPT_QUEUE);
              }
            }
          }
        });
  }

  /**
   * The store could not read or write: the request fails rather than being acknowledged, and the
   * server reports itself not ready (see {@code /readyz}) until the store can write again.
   */
  private static void storeFailed(Context ctx, Exception e) {
    log.error(
        "Request {} {} failed: the store could not complete it: {}",
        ctx.method(),
        ctx.path(),
        StoreHealth.reason(e));
    error(
        ctx,
        503,
        "store_unavailable",
        "OATS could not save or read this in its database, so nothing is acknowledged. Try again"
            + " when GET /readyz answers ready; the server log says why.");
  }

  /**
   * {@code POST /ws-tickets}: a single-use ticket that opens one WebSocket within a minute; with a
   * body {@code {"investigation_id": "..."}} it opens that investigation's stream only.
   */
  private static void ticket(Context ctx, SocketTickets tickets) {
    ctx.header("Cache-Control", "no-store");
    String investigation = SocketTicketRequests.investigationId(ctx);
    String keyName = ctx.attribute(KEY_NAME);
    ctx.json(
        Map.of(
            "ticket",
            tickets.issue(keyName, investigation),
            "expires_in",
            SocketTickets.LIFETIME.toSeconds()));
  }

  /** {@code GET /investigations/counts}: how many investigations there are in each status. */
  private static void counts(Context ctx, InvestigationService service) {
    Map<InvestigationStatus, Long> byStatus = service.store().countByStatus();
    Map<String, Long> answer = new LinkedHashMap<>();
    long total = 0;
    for (InvestigationStatus status : InvestigationStatus.values()) {
      long count = byStatus.getOrDefault(status, 0L);
      answer.put(status.name().toLowerCase(Locale.ROOT), count);
      total += count;
    }
    answer.put("total", total);
    ctx.json(answer);
  }

  /**
   * Every answer's security headers. The API's answers hold investigations, reports and tickets: no
   * cache (the browser's, a proxy's) keeps them; only the UI's files, which hold no data, may be
   * kept, and UiFiles says how.
   */
  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    if (!isUiFile(ctx.path())) {
      ctx.header("Cache-Control", "no-store");
    }
  }

  private static boolean isUiFile(String path) {
    return path.equals("/")
        || path.equals("/index.html")
        || path.startsWith("/assets/")
        || path.startsWith("/webjars/");
  }

  /**
   * Paths anyone may read: health, the agents' own authorised delivery, WebSockets (authorised at
   * the upgrade), and the web UI's files, which hold no data.
   */
  private static boolean isPublic(String path) {
    return path.equals("/healthz")
        || path.equals("/readyz")
        || path.startsWith("/internal/")
        || path.equals("/webhooks/alertmanager") // its own token: AlertWebhook
        || path.startsWith("/ws/")
        || path.equals("/")
        || path.equals("/index.html")
        || path.startsWith("/assets/")
        || path.startsWith("/webjars/");
  }

  private static void authorise(Context ctx, ApiKeys keys) {
    if (isPublic(ctx.path())) {
      return;
    }
    String name =
        keys.nameOf(presentedKey(ctx))
            .orElseThrow(
                () ->
                    ApiException.unauthorized(
                        presentedKey(ctx) == null
                            ? "Send your API key in the X-API-Key header."
                            : "The API key is not valid."));
    ctx.attribute(KEY_NAME, name);
  }

  /**
   * A WebSocket opens with the API key in a header (programs) or with a ticket from {@code POST
   * /ws-tickets} in the query (browsers, which cannot set headers on a WebSocket).
   */
  private static void authoriseSocket(
      Context ctx, ApiKeys keys, SocketTickets tickets, StreamLimits limits) throws IOException {
    String ticket = ctx.queryParam("ticket");
    Optional<String> keyName =
        ticket != null
            ? tickets
                .redeem(ticket, SocketTicketRequests.socketInvestigation(ctx))
                .map(SocketTickets.Ticket::keyName)
            : keys.nameOf(presentedKey(ctx));
    if (keyName.isEmpty()) {
      refuseUpgrade(
          ctx,
          ApiException.unauthorized(
              ticket != null
                  ? "The ticket is not valid: it is used once, within a minute of POST /ws-tickets, for"
                      + " the investigation it was issued for."
                  : "Send your API key in the X-API-Key header, or a ticket from POST /ws-tickets."));
    }
    if (!limits.hasRoom(keyName.get())) {
      refuseUpgrade(ctx, limits.refusal(keyName.get()));
    }
    ctx.attribute(KEY_NAME, keyName.get());
  }

  /**
   * Javalin does not write a result on a refused upgrade: the answer is written here, whole, and
   * the exception then only stops the upgrade.
   */
  private static void refuseUpgrade(Context ctx, ApiException refused) throws IOException {
    ctx.res().setStatus(refused.status());
    if (refused.retryAfterSeconds() > 0) {
      ctx.res().setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
    }
    // A refused upgrade's connection is not kept for another request: a client refused for
    // holding too many would otherwise hold the connection instead.
    ctx.res().setHeader("Connection", "close");
    ctx.res().setContentType("application/json");
    ctx.res()
        .getOutputStream()
        .write(
            EventJson.MAPPER.writeValueAsBytes(
                Map.of("error", Map.of("code", refused.code(), "message", refused.getMessage()))));
    ctx.res().flushBuffer();
    throw refused;
  }

  /** {@code X-API-Key}, or a bearer token, which is what Prometheus can send when it scrapes. */
  private static String presentedKey(Context ctx) {
    String key = ctx.header("X-API-Key");
    if (key != null) {
      return key.strip();
    }
    String authorization = ctx.header("Authorization");
    return authorization != null && authorization.startsWith("Bearer ")
        ? authorization.substring(7).strip()
        : null;
  }

  /**
   * Ready while the database writes. A server without a model is still ready (its UI and API keys
   * must stay reachable to say what to set); the answer says the model is missing and why.
   */
  private static void ready(Context ctx, BooleanSupplier ready, Optional<String> modelProblem) {
    if (ready.getAsBoolean()) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("status", "ready");
      answer.put("model_configured", modelProblem.isEmpty());
      modelProblem.ifPresent(problem -> answer.put("message", problem));
      ctx.json(answer);
    } else {
      error(
          ctx,
          503,
          "not_ready",
          "The database does not answer or cannot write (a full disk?); the server log says why.");
    }
  }

  private static void metrics(Context ctx, ServerMetrics metrics) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  private static final String ERROR_WRITTEN = "oats.error-written";

  static void error(Context ctx, int status, String code, String message) {
    ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
    ctx.status(status).json(Map.of("error", Map.of("code", code, "message", message)));
  }

  private static String resource(String name) {
    try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
