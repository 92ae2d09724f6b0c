package dev.oats.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A lean in-memory Kubernetes API server over real HTTP on 127.0.0.1, for the control-plane
 * benchmark and for tests: fabric8's mock API server in CRUD mode spends ~4 ms of CPU per Job
 * created (measured in the control-plane benchmark), more than the servers being measured. This one
 * keeps one map per resource (group, version, plural), each object as its JSON tree and its bytes,
 * and speaks what the seed's Python client and OATS's runner use:
 *
 * <ul>
 *   <li>create ({@code POST}: 201, or 409 {@code AlreadyExists}), get (404 {@code NotFound}),
 *       replace ({@code PUT}, 409 {@code Conflict} on a stale {@code resourceVersion}), patch (JSON
 *       patch, merge and strategic merge taken as merge), delete, of any namespaced or
 *       cluster-scoped kind, and of the {@code status} subresource;
 *   <li>list with {@code labelSelector} ({@code =}, {@code ==}, {@code !=}, {@code key}, {@code
 *       !key}) and {@code fieldSelector} on {@code metadata.name}/{@code metadata.namespace}, and
 *       {@code limit} (then {@code metadata.remainingItemCount});
 *   <li>watch over HTTP ({@code watch=true}): a chunked stream of {@code ADDED}/{@code
 *       MODIFIED}/{@code DELETED} events from the given {@code resourceVersion} (an {@code ERROR}
 *       410 when it is older than the history kept), {@code BOOKMARK}s when asked, ended after
 *       {@code timeoutSeconds}. A WebSocket upgrade is refused (HTTP 200, no switch), after which
 *       fabric8's client watches over HTTP, as it does against an API server that refuses
 *       WebSockets;
 *   <li>{@code TokenReview}s of tokens issued with {@link #issue} (as {@link TokenReviewApi}) and
 *       {@code SelfSubjectAccessReview}s, all allowed.
 * </ul>
 *
 * Every answer is a {@code Status} body on error, as the API server's. What it does not do:
 * admission, defaulting, garbage collection of owned objects, controllers (no pod is made for a
 * Job).
 */
public final class LeanKubeApi implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HISTORY = 8192;

  /** Kinds by plural, for objects posted without one and for the list's kind. */
  private static final Map<String, String> KINDS =
      Map.ofEntries(
          Map.entry("jobs", "Job"),
          Map.entry("pods", "Pod"),
          Map.entry("secrets", "Secret"),
          Map.entry("configmaps", "ConfigMap"),
          Map.entry("leases", "Lease"),
          Map.entry("events", "Event"),
          Map.entry("services", "Service"),
          Map.entry("serviceaccounts", "ServiceAccount"),
          Map.entry("namespaces", "Namespace"),
          Map.entry("deployments", "Deployment"),
          Map.entry("replicasets", "ReplicaSet"),
          Map.entry("statefulsets", "StatefulSet"),
          Map.entry("daemonsets", "DaemonSet"),
          Map.entry("nodes", "Node"));

  private final Server server;
  private final ServerConnector connector;
  private final Map<String, Resource> resources = new ConcurrentHashMap<>();
  private final AtomicLong revision = new AtomicLong(1);
  private final Map<String, TokenReviewApi.Issued> issued = new ConcurrentHashMap<>();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final Queue<Scripted> scripted = new ConcurrentLinkedQueue<>();
  private volatile Consumer<String> requestLog;
  private volatile boolean closed;

  /** Starts on a free loopback port. */
  public LeanKubeApi() {
    this(0);
  }

  /** Starts on this loopback port (0: a free one). */
  public LeanKubeApi(int port) {
    QueuedThreadPool threads = new QueuedThreadPool(400, 8);
    threads.setName("lean-kube-api");
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(port);
    // Watches stay open for their timeoutSeconds (minutes) with nothing to say in between.
    connector.setIdleTimeout(TimeUnit.MINUTES.toMillis(15));
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            serve(request, response, callback);
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the lean Kubernetes API server", e);
    }
  }

  /** The server's URL, such as {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://" + connector.getHost() + ":" + connector.getLocalPort();
  }

  /** A fabric8 client of this server, namespace {@code test}, for tests (the caller closes it). */
  public NamespacedKubernetesClient client() {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl(url())
                .withNamespace("test")
                .withTrustCerts(true)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build()
        .adapt(NamespacedKubernetesClient.class);
  }

  /** Takes {@code token} as the projected token of this pod, as the kubelet's API server would. */
  public void issue(String token, TokenReviewApi.Issued what) {
    issued.put(token, what);
  }

  /** Issues a token shaped as a projected token for these claims; its review authenticates it. */
  public String issue(TokenReviewApi.Issued what) {
    String token = TokenReviewApi.forge(what);
    issue(token, what);
    return token;
  }

  /**
   * Answers the next request of this method and path with this status and JSON body, once, before
   * the store sees it (a 403 for a test of missing permissions, say).
   */
  public void answerOnce(String method, String path, int code, String body) {
    scripted.add(new Scripted(method, path, code, body.getBytes(StandardCharsets.UTF_8)));
  }

  private record Scripted(String method, String path, int code, byte[] body) {}

  /** Sees each request's method, path and query as it arrives (null: none). */
  public void logRequests(Consumer<String> log) {
    this.requestLog = log;
  }

  /** How many objects of this plural (such as {@code jobs}) the server holds, all namespaces. */
  public int count(String plural) {
    int n = 0;
    for (Resource resource : resources.values()) {
      if (resource.plural.equals(plural)) {
        n += resource.objects.size();
      }
    }
    return n;
  }

  @Override
  public void close() {
    closed = true;
    for (Watch watch : watches) {
      watch.events.offer(Watch.END);
    }
    server.setStopTimeout(0);
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the lean Kubernetes API server", e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** One kind's objects, its event history and its watches; writes hold its lock. */
  private static final class Resource {
    final String apiVersion;
    final String plural;
    volatile String kind;
    final Map<String, Stored> objects = new ConcurrentHashMap<>();
    final ArrayDeque<Event> history = new ArrayDeque<>();
    final List<Watch> watches = new CopyOnWriteArrayList<>();

    Resource(String apiVersion, String plural) {
      this.apiVersion = apiVersion;
      this.plural = plural;
      this.kind = KINDS.get(plural);
    }
  }

  /** An object as stored: its tree (never changed once stored) and its JSON. */
  private record Stored(String namespace, String name, ObjectNode tree, byte[] json, long version) {
    JsonNode labels() {
      return tree.path("metadata").path("labels");
    }
  }

  private record Event(long version, Stored object, byte[] line) {}

  /** A watch being streamed: what it selects, and the events waiting for it. */
  private static final class Watch {
    static final byte[] END = new byte[0];
    final String namespace;
    final Selector selector;
    final LinkedBlockingQueue<byte[]> events = new LinkedBlockingQueue<>();

    Watch(String namespace, Selector selector) {
      this.namespace = namespace;
      this.selector = selector;
    }

    boolean sees(Stored object) {
      return (namespace == null || namespace.equals(object.namespace)) && selector.matches(object);
    }
  }

  /** A request's path, parsed: {@code name} and {@code subresource} may be null. */
  private record Target(
      String group,
      String version,
      String namespace,
      String plural,
      String name,
      String subresource) {
    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  /** Thrown to answer with a {@code Status}. */
  private static final class Failure extends RuntimeException {
    final int code;
    final String reason;
    final ObjectNode details;

    Failure(int code, String reason, String message) {
      this(code, reason, message, null);
    }

    Failure(int code, String reason, String message, ObjectNode details) {
      super(message, null, false, false);
      this.code = code;
      this.reason = reason;
      this.details = details;
    }
  }

  private void serve(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    Consumer<String> log = requestLog;
    if (log != null) {
      String query = request.getHttpURI().getQuery();
      log.accept(
          method
              + " "
              + request.getHttpURI().getPath()
              + (query == null ? "" : "?" + query)
              + (request.getHeaders().get(HttpHeader.UPGRADE) != null ? " (upgrade)" : ""));
    }
    if (!scripted.isEmpty()) {
      String path = request.getHttpURI().getPath();
      for (Scripted answer : scripted) {
        if (answer.method.equals(method) && answer.path.equals(path) && scripted.remove(answer)) {
          send(response, callback, answer.code, answer.body);
          return;
        }
      }
    }
    try {
      if (request.getHeaders().get(HttpHeader.UPGRADE) != null) {
        // No WebSockets here. fabric8's client takes a handshake answered 200 (or 503, which it
        // also retries first) as "watch over HTTP instead".
        throw new Failure(200, "BadRequest", "WebSocket watches are not served: watch over HTTP");
      }
      Target target = target(request.getHttpURI().getPath());
      Fields query = Request.extractQueryParameters(request);
      switch (method) {
        case "GET" -> {
          if (target.name != null) {
            send(response, callback, 200, get(target).json);
          } else if (isTrue(query.getValue("watch"))) {
            watch(target, query, response, callback);
          } else {
            send(response, callback, 200, list(target, query));
          }
        }
        case "POST" -> send(response, callback, 201, create(target, body(request)));
        case "PUT" -> send(response, callback, 200, replace(target, body(request)).json);
        case "PATCH" ->
            send(
                response,
                callback,
                200,
                patch(target, body(request), request.getHeaders().get(HttpHeader.CONTENT_TYPE))
                    .json);
        case "DELETE" -> send(response, callback, 200, delete(target).json);
        default -> throw new Failure(405, "MethodNotAllowed", "method " + method + " not allowed");
      }
    } catch (Failure f) {
      send(response, callback, f.code, status(f));
    } catch (IOException | RuntimeException e) {
      Failure f = new Failure(400, "BadRequest", String.valueOf(e.getMessage()));
      send(response, callback, f.code, status(f));
    }
  }

  private static boolean isTrue(String value) {
    return "true".equals(value) || "1".equals(value);
  }

  private static JsonNode body(Request request) throws IOException {
    ByteBuffer bytes = Content.Source.asByteBuffer(request);
    if (!bytes.hasRemaining()) {
      throw new Failure(400, "BadRequest", "the request has no body");
    }
    if (bytes.hasArray()) {
      return JSON.readTree(
          bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
    }
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    return JSON.readTree(copy);
  }

  private static void send(Response response, Callback callback, int code, byte[] body) {
    response.setStatus(code);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * {@code /api/v1/[namespaces/{ns}/]{plural}[/{name}[/{sub}]]} or {@code
   * /apis/{group}/{version}/[namespaces/{ns}/]{plural}[/{name}[/{sub}]]}.
   */
  private static Target target(String path) {
    String[] parts = path.split("/");
    // parts[0] is "" (the path starts with '/').
    int at;
    String group;
    String version;
    if (parts.length >= 4 && parts[1].equals("api")) {
      group = "";
      version = parts[2];
      at = 3;
    } else if (parts.length >= 5 && parts[1].equals("apis")) {
      group = parts[2];
      version = parts[3];
      at = 4;
    } else {
      throw new Failure(404, "NotFound", "the server could not find the requested resource");
    }
    String namespace = null;
    if (parts[at].equals("namespaces") && parts.length >= at + 3) {
      namespace = parts[at + 1];
      at += 2;
    }
    String plural = parts[at];
    String name = parts.length > at + 1 ? decode(parts[at + 1]) : null;
    String sub = parts.length > at + 2 ? parts[at + 2] : null;
    if (parts.length > at + 3) {
      throw new Failure(404, "NotFound", "the server could not find the requested resource");
    }
    return new Target(group, version, namespace, plural, name, sub);
  }

  private static String decode(String part) {
    return part.indexOf('%') < 0 ? part : URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  private Resource resource(Target target) {
    String apiVersion = target.apiVersion();
    return resources.computeIfAbsent(
        apiVersion + "/" + target.plural, k -> new Resource(apiVersion, target.plural));
  }

  private static String key(String namespace, String name) {
    return namespace == null ? name : namespace + "/" + name;
  }

  private Stored get(Target target) {
    Stored stored = resource(target).objects.get(key(target.namespace, target.name));
    if (stored == null) {
      throw notFound(target);
    }
    return stored;
  }

  private static Failure notFound(Target target) {
    ObjectNode details = JSON.createObjectNode();
    details.put("name", target.name);
    if (!target.group.isEmpty()) {
      details.put("group", target.group);
    }
    details.put("kind", target.plural);
    return new Failure(
        404, "NotFound", resourceName(target) + " \"" + target.name + "\" not found", details);
  }

  private static String resourceName(Target target) {
    return target.group.isEmpty() ? target.plural : target.plural + "." + target.group;
  }

  private byte[] list(Target target, Fields query) {
    Resource resource = resource(target);
    Selector selector = Selector.of(query);
    String limitValue = query.getValue("limit");
    long limit = limitValue == null ? Long.MAX_VALUE : Long.parseLong(limitValue);
    if (limit <= 0) {
      limit = Long.MAX_VALUE;
    }
    long version = revision.get();
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    int written = 0;
    long remaining = 0;
    for (Stored stored : resource.objects.values()) {
      if ((target.namespace != null && !target.namespace.equals(stored.namespace))
          || !selector.matches(stored)) {
        continue;
      }
      if (written >= limit) {
        remaining++;
        continue;
      }
      out.write(written == 0 ? '[' : ',');
      out.writeBytes(stored.json);
      written++;
    }
    if (written == 0) {
      out.write('[');
    }
    out.write(']');
    String kind = resource.kind == null ? "" : resource.kind;
    String head =
        "{\"apiVersion\":\""
            + resource.apiVersion
            + "\",\"kind\":\""
            + kind
            + "List\",\"metadata\":{\"resourceVersion\":\""
            + version
            + "\""
            + (remaining > 0 ? ",\"remainingItemCount\":" + remaining : "")
            + "},\"items\":";
    byte[] headBytes = head.getBytes(StandardCharsets.UTF_8);
    byte[] items = out.toByteArray();
    byte[] all = new byte[headBytes.length + items.length + 1];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(items, 0, all, headBytes.length, items.length);
    all[all.length - 1] = '}';
    return all;
  }

  private byte[] create(Target target, JsonNode body) throws IOException {
    if (!(body instanceof ObjectNode object)) {
      throw new Failure(400, "BadRequest", "the body is not a JSON object");
    }
    switch (target.plural) {
      case "tokenreviews" -> {
        return JSON.writeValueAsBytes(review(object));
      }
      case "selfsubjectaccessreviews", "subjectaccessreviews", "selfsubjectrulesreviews" -> {
        ObjectNode status = object.putObject("status");
        status.put("allowed", true);
        return JSON.writeValueAsBytes(object);
      }
      default -> {}
    }
    if (target.name != null) {
      throw new Failure(405, "MethodNotAllowed", "POST names a collection, not an object");
    }
    ObjectNode metadata = metadata(object);
    String name = metadata.path("name").asText(null);
    if (name == null || name.isEmpty()) {
      String prefix = metadata.path("generateName").asText(null);
      if (prefix == null) {
        throw new Failure(
            422, "Invalid", resourceName(target) + " is invalid: metadata.name: Required value");
      }
      name = prefix + randomSuffix();
      metadata.put("name", name);
    }
    Resource resource = resource(target);
    if (resource.kind == null && object.hasNonNull("kind")) {
      resource.kind = object.get("kind").asText();
    }
    synchronized (resource) {
      String key = key(target.namespace, name);
      if (resource.objects.containsKey(key)) {
        ObjectNode details = JSON.createObjectNode();
        details.put("name", name);
        if (!target.group.isEmpty()) {
          details.put("group", target.group);
        }
        details.put("kind", target.plural);
        throw new Failure(
            409,
            "AlreadyExists",
            resourceName(target) + " \"" + name + "\" already exists",
            details);
      }
      long version = revision.incrementAndGet();
      metadata.put("uid", UUID.randomUUID().toString());
      metadata.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      if (!metadata.has("generation")) {
        metadata.put("generation", 1);
      }
      Stored stored = store(resource, target, object, metadata, name, version);
      publish(resource, "ADDED", stored);
      return stored.json;
    }
  }

  private Stored replace(Target target, JsonNode body) throws IOException {
    if (!(body instanceof ObjectNode object) || target.name == null) {
      throw new Failure(400, "BadRequest", "PUT takes one object");
    }
    Resource resource = resource(target);
    synchronized (resource) {
      Stored current = get(target);
      String expected = object.path("metadata").path("resourceVersion").asText("");
      if (!expected.isEmpty() && !expected.equals(Long.toString(current.version))) {
        throw conflict(target);
      }
      ObjectNode next;
      if ("status".equals(target.subresource)) {
        next = current.tree.deepCopy();
        if (object.has("status")) {
          next.set("status", object.get("status"));
        } else {
          next.remove("status");
        }
      } else {
        next = object;
        if (current.tree.has("status") && !object.has("status")) {
          next.set("status", current.tree.get("status"));
        }
      }
      return update(resource, target, current, next);
    }
  }

  private Stored patch(Target target, JsonNode patch, String contentType) throws IOException {
    if (target.name == null) {
      throw new Failure(405, "MethodNotAllowed", "PATCH names an object");
    }
    Resource resource = resource(target);
    synchronized (resource) {
      Stored current = get(target);
      JsonNode patched;
      if (contentType != null && contentType.startsWith("application/json-patch+json")) {
        patched = JsonPatch.apply(patch, current.tree);
      } else {
        patched = merge(current.tree.deepCopy(), patch);
      }
      if (!(patched instanceof ObjectNode next)) {
        throw new Failure(422, "Invalid", "the patch left no object");
      }
      if ("status".equals(target.subresource)) {
        ObjectNode only = current.tree.deepCopy();
        if (next.has("status")) {
          only.set("status", next.get("status"));
        }
        next = only;
      }
      return update(resource, target, current, next);
    }
  }

  /** RFC 7386: objects merged key by key, a null removes, anything else replaces. */
  private static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result = target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        JsonNode existing = result.get(field.getKey());
        result.set(
            field.getKey(), merge(existing == null ? JSON.nullNode() : existing, field.getValue()));
      }
    }
    return result;
  }

  private Stored update(Resource resource, Target target, Stored current, ObjectNode next)
      throws IOException {
    ObjectNode metadata = metadata(next);
    ObjectNode was = (ObjectNode) current.tree.get("metadata");
    // What the server owns stays as it was.
    metadata.put("name", current.name);
    metadata.set("uid", was.get("uid"));
    metadata.set("creationTimestamp", was.get("creationTimestamp"));
    if (!"status".equals(target.subresource)
        && !next.path("spec").equals(current.tree.path("spec"))) {
      metadata.put("generation", was.path("generation").asLong(1) + 1);
    } else if (was.has("generation")) {
      metadata.set("generation", was.get("generation"));
    }
    long version = revision.incrementAndGet();
    Stored stored = store(resource, target, next, metadata, current.name, version);
    publish(resource, "MODIFIED", stored);
    return stored;
  }

  private Stored delete(Target target) {
    if (target.name == null) {
      throw new Failure(405, "MethodNotAllowed", "DELETE of a collection is not served");
    }
    Resource resource = resource(target);
    synchronized (resource) {
      Stored current = resource.objects.remove(key(target.namespace, target.name));
      if (current == null) {
        throw notFound(target);
      }
      long version = revision.incrementAndGet();
      ObjectNode gone = current.tree.deepCopy();
      metadata(gone).put("resourceVersion", Long.toString(version));
      Stored deleted = new Stored(current.namespace, current.name, gone, bytes(gone), version);
      publish(resource, "DELETED", deleted);
      return deleted;
    }
  }

  private static Failure conflict(Target target) {
    return new Failure(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + resourceName(target)
            + " \""
            + target.name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again");
  }

  private static ObjectNode metadata(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata instanceof ObjectNode m) {
      return m;
    }
    return object.putObject("metadata");
  }

  private Stored store(
      Resource resource,
      Target target,
      ObjectNode object,
      ObjectNode metadata,
      String name,
      long version)
      throws IOException {
    if (target.namespace != null) {
      metadata.put("namespace", target.namespace);
    }
    metadata.put("resourceVersion", Long.toString(version));
    if (!object.has("apiVersion")) {
      object.put("apiVersion", resource.apiVersion);
    }
    if (!object.has("kind") && resource.kind != null) {
      object.put("kind", resource.kind);
    }
    Stored stored = new Stored(target.namespace, name, object, bytes(object), version);
    resource.objects.put(key(target.namespace, name), stored);
    return stored;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomSuffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder out = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      out.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
    }
    return out.toString();
  }

  /** Under the resource's lock: recorded in its history and handed to the watches that see it. */
  private static void publish(Resource resource, String type, Stored object) {
    byte[] line = eventLine(type, object.json);
    resource.history.addLast(new Event(object.version, object, line));
    if (resource.history.size() > HISTORY) {
      resource.history.removeFirst();
    }
    for (Watch watch : resource.watches) {
      if (watch.sees(object)) {
        watch.events.offer(line);
      }
    }
  }

  private static byte[] eventLine(String type, byte[] object) {
    byte[] head = ("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[head.length + object.length + 2];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(object, 0, line, head.length, object.length);
    line[line.length - 2] = '}';
    line[line.length - 1] = '\n';
    return line;
  }

  private void watch(Target target, Fields query, Response response, Callback callback) {
    Resource resource = resource(target);
    Watch watch = new Watch(target.namespace, Selector.of(query));
    String from = query.getValue("resourceVersion");
    long since = from == null || from.isEmpty() ? 0 : Long.parseLong(from);
    boolean bookmarks = isTrue(query.getValue("allowWatchBookmarks"));
    String timeout = query.getValue("timeoutSeconds");
    long until =
        System.nanoTime()
            + TimeUnit.SECONDS.toNanos(timeout == null ? 1800 : Long.parseLong(timeout));
    List<byte[]> first = new ArrayList<>();
    synchronized (resource) {
      if (since == 0) {
        // No version: the state now, as ADDED events, then what follows.
        for (Stored stored : resource.objects.values()) {
          if (watch.sees(stored)) {
            first.add(eventLine("ADDED", stored.json));
          }
        }
      } else {
        Event oldest = resource.history.peekFirst();
        if (oldest != null && oldest.version > since + 1 && resource.history.size() >= HISTORY) {
          Failure gone =
              new Failure(
                  410,
                  "Expired",
                  "too old resource version: " + since + " (" + oldest.version + ")");
          first.add(eventLine("ERROR", status(gone)));
        } else {
          for (Iterator<Event> it = resource.history.iterator(); it.hasNext(); ) {
            Event event = it.next();
            if (event.version > since && watch.sees(event.object)) {
              first.add(event.line);
            }
          }
        }
      }
      resource.watches.add(watch);
      watches.add(watch);
    }
    try {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      // No Content-Length: the stream goes out chunked, each event as it comes.
      Content.Sink.write(response, false, ByteBuffer.allocate(0));
      for (byte[] line : first) {
        Content.Sink.write(response, false, ByteBuffer.wrap(line));
      }
      while (!closed) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          break;
        }
        byte[] line =
            watch.events.poll(Math.min(left, TimeUnit.SECONDS.toNanos(5)), TimeUnit.NANOSECONDS);
        if (line == Watch.END) {
          break;
        }
        if (line == null) {
          if (bookmarks) {
            Content.Sink.write(response, false, ByteBuffer.wrap(bookmark(resource)));
          }
          continue;
        }
        Content.Sink.write(response, false, ByteBuffer.wrap(line));
      }
      response.write(true, ByteBuffer.allocate(0), callback);
    } catch (IOException e) {
      callback.failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
    } finally {
      resource.watches.remove(watch);
      watches.remove(watch);
    }
  }

  private byte[] bookmark(Resource resource) {
    return ("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\""
            + (resource.kind == null ? "" : resource.kind)
            + "\",\"apiVersion\":\""
            + resource.apiVersion
            + "\",\"metadata\":{\"resourceVersion\":\""
            + revision.get()
            + "\"}}}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A TokenReview answered as the API server answers it for the tokens {@link #issue}d. */
  private ObjectNode review(ObjectNode review) {
    JsonNode spec = review.path("spec");
    String token = spec.path("token").asText();
    ObjectNode answer = JSON.createObjectNode();
    answer.put("apiVersion", "authentication.k8s.io/v1");
    answer.put("kind", "TokenReview");
    answer.putObject("metadata").put("creationTimestamp", (String) null);
    answer.set("spec", spec);
    TokenReviewApi.verdict(answer.putObject("status"), issued.get(token), spec, false);
    return answer;
  }

  private static byte[] status(Failure failure) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", failure.getMessage());
    status.put("reason", failure.reason);
    if (failure.details != null) {
      status.set("details", failure.details);
    }
    status.put("code", failure.code);
    return bytes(status);
  }

  /** A label selector and the field selectors on name and namespace; empty matches all. */
  private record Selector(List<String[]> labels, String name, String namespace) {
    static final Selector ALL = new Selector(List.of(), null, null);

    static Selector of(Fields query) {
      String labelSelector = query.getValue("labelSelector");
      String fieldSelector = query.getValue("fieldSelector");
      if ((labelSelector == null || labelSelector.isEmpty())
          && (fieldSelector == null || fieldSelector.isEmpty())) {
        return ALL;
      }
      List<String[]> labels = new ArrayList<>();
      if (labelSelector != null && !labelSelector.isEmpty()) {
        for (String term : labelSelector.split(",")) {
          labels.add(term(term.trim()));
        }
      }
      String name = null;
      String namespace = null;
      if (fieldSelector != null && !fieldSelector.isEmpty()) {
        for (String term : fieldSelector.split(",")) {
          String[] kv = term.trim().split("==?", 2);
          if (kv.length != 2) {
            throw new Failure(400, "BadRequest", "unsupported field selector: " + term);
          }
          switch (kv[0]) {
            case "metadata.name" -> name = kv[1];
            case "metadata.namespace" -> namespace = kv[1];
            default -> throw new Failure(400, "BadRequest", "field label not supported: " + kv[0]);
          }
        }
      }
      return new Selector(labels, name, namespace);
    }

    /** {operator, key, value}: "=" "!=" "exists" "!exists". */
    private static String[] term(String term) {
      if (term.contains(" in ") || term.contains(" notin ")) {
        throw new Failure(400, "BadRequest", "set-based selectors are not served: " + term);
      }
      int ne = term.indexOf("!=");
      if (ne > 0) {
        return new String[] {"!=", term.substring(0, ne), term.substring(ne + 2)};
      }
      int eq = term.indexOf('=');
      if (eq > 0) {
        int valueAt = term.startsWith("=", eq + 1) ? eq + 2 : eq + 1;
        return new String[] {"=", term.substring(0, eq), term.substring(valueAt)};
      }
      if (term.startsWith("!")) {
        return new String[] {"!exists", term.substring(1), null};
      }
      return new String[] {"exists", term, null};
    }

    boolean matches(Stored object) {
      if (name != null && !name.equals(object.name)) {
        return false;
      }
      if (namespace != null && !namespace.equals(object.namespace)) {
        return false;
      }
      if (labels.isEmpty()) {
        return true;
      }
      JsonNode have = object.labels();
      for (String[] term : labels) {
        JsonNode value = have.get(term[1]);
        boolean ok =
            switch (term[0]) {
              case "=" -> value != null && value.asText().equals(term[2]);
              case "!=" -> value == null || !value.asText().equals(term[2]);
              case "exists" -> value != null;
              default -> value == null;
            };
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
