package dev.oats.eval.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A scenario's cluster on 127.0.0.1: fabric8's mock API server in CRUD mode loaded with the
 * scenario's objects, serving pod logs from its files (with {@code container}, {@code previous},
 * {@code tailLines}, {@code sinceSeconds} and {@code sinceTime}), and a kubeconfig pointing at it,
 * so the Kubernetes tools and a real {@code kubectl} read it as they read a cluster.
 */
public final class ScenarioCluster implements AutoCloseable {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Pattern LOG_PATH =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/log(?:\\?(.*))?$");
  private static final Pattern EVENTS_PATH =
      Pattern.compile("^/api/v1/(?:namespaces/([^/]+)/)?events\\?(.*)$");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Path kubeconfig;
  private final int objects;

  static {
    // The mock server logs every request at INFO through java.util.logging: noise in a report.
    java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer")
        .setLevel(java.util.logging.Level.WARNING);
  }

  private ScenarioCluster(
      KubernetesMockServer server, KubernetesClient client, Path kubeconfig, int objects) {
    this.server = server;
    this.client = client;
    this.kubeconfig = kubeconfig;
    this.objects = objects;
  }

  /**
   * Starts a cluster holding the objects of {@code clusterDir} (every {@code *.yaml}, several
   * documents or a List each) and the logs of {@code logsDir}.
   *
   * @param namespace the kubeconfig context's namespace
   * @param shift moves the scenario's times to now
   * @param workDir where the kubeconfig is written
   */
  public static ScenarioCluster start(
      Path clusterDir, Path logsDir, String namespace, TimeShift shift, Clock clock, Path workDir)
      throws IOException {
    Map<String, Pod> pods = new ConcurrentHashMap<>();
    List<io.fabric8.kubernetes.api.model.Event> events =
        java.util.Collections.synchronizedList(new ArrayList<>());
    Map<String, String> created = new ConcurrentHashMap<>();
    // The group versions of the scenario's CRDs, which /apis lists as a real server does.
    Map<String, List<Discovery.Resource>> customGroups = new ConcurrentHashMap<>();
    PodLogFiles logs = new PodLogFiles(logsDir, shift);
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new LogServingDispatcher(
                expectations, pods, events, created, logs, clock, customGroups),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    KubernetesClient client = server.createClient();
    int loaded;
    try {
      loaded = load(client, clusterDir, shift, pods, events, created, customGroups);
    } catch (RuntimeException | IOException e) {
      client.close();
      stop(server);
      throw e;
    }
    Path kubeconfig = workDir.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfig(server.getHostName(), server.getPort(), namespace));
    return new ScenarioCluster(server, client, kubeconfig, loaded);
  }

  /** A client of the cluster; the cluster owns it. */
  public KubernetesClient client() {
    return client;
  }

  /** A kubeconfig for kubectl and for OATS's tools. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** How many objects were loaded. */
  public int objects() {
    return objects;
  }

  @Override
  public void close() {
    client.close();
    stop(server);
  }

  /**
   * fabric8's shutdown waits on its Vert.x instance's close, and when the close completes first the
   * wait's listener is handed to an ended event loop, which throws {@code
   * RejectedExecutionException} after the server is already closed.
   */
  private static void stop(KubernetesMockServer server) {
    try {
      server.destroy();
    } catch (RejectedExecutionException closedAlready) {
      // the server and its event loops are gone: what destroy() was for
    }
  }

  private static int load(
      KubernetesClient client,
      Path clusterDir,
      TimeShift shift,
      Map<String, Pod> pods,
      List<io.fabric8.kubernetes.api.model.Event> events,
      Map<String, String> created,
      Map<String, List<Discovery.Resource>> customGroups)
      throws IOException {
    if (!Files.isDirectory(clusterDir)) {
      throw new IOException(clusterDir + " is missing: a scenario needs its cluster objects");
    }
    List<Path> files;
    try (Stream<Path> listed = Files.list(clusterDir)) {
      files =
          listed.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    }
    int count = 0;
    for (Path file : files) {
      String text = shift.apply(Files.readString(file, StandardCharsets.UTF_8));
      List<HasMetadata> items;
      try {
        items =
            client.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))).items();
      } catch (RuntimeException e) {
        throw new IOException(file + ": not valid Kubernetes YAML: " + e.getMessage(), e);
      }
      for (HasMetadata item : items) {
        if (item.getMetadata() != null && item.getMetadata().getCreationTimestamp() != null) {
          created.put(
              key(item.getKind(), item.getMetadata().getNamespace(), item.getMetadata().getName()),
              item.getMetadata().getCreationTimestamp());
        }
        create(client, item, file);
        if (item instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource custom
            && custom.getAdditionalProperties().containsKey("status")) {
          // A CRD with a status subresource drops the status on create, as a real server does.
          client.resource(custom).updateStatus();
        }
        if (item
            instanceof
            io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd) {
          crd.getSpec()
              .getVersions()
              .forEach(
                  v ->
                      customGroups
                          .computeIfAbsent(
                              crd.getSpec().getGroup() + "/" + v.getName(),
                              gv -> new java.util.concurrent.CopyOnWriteArrayList<>())
                          .add(Discovery.Resource.of(crd)));
        }
        if (item instanceof Pod pod) {
          pods.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod);
        }
        if (item instanceof io.fabric8.kubernetes.api.model.Event event) {
          events.add(event);
        }
        count++;
      }
    }
    return count;
  }

  private static void create(KubernetesClient client, HasMetadata item, Path file)
      throws IOException {
    if (item.getMetadata() == null || item.getMetadata().getName() == null) {
      throw new IOException(file + ": a " + item.getKind() + " has no metadata.name");
    }
    try {
      client.resource(item).create();
    } catch (KubernetesClientException e) {
      throw new IOException(
          file
              + ": could not load "
              + item.getKind()
              + "/"
              + item.getMetadata().getName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String key(String kind, String namespace, String name) {
    return kind + "/" + (namespace == null ? "" : namespace) + "/" + name;
  }

  private static String kubeconfig(String host, int port, String namespace) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: scenario
          cluster:
            server: http://%s:%d
        users:
        - name: scenario
          user:
            token: scenario-token
        contexts:
        - name: scenario
          context:
            cluster: scenario
            user: scenario
            namespace: %s
        current-context: scenario
        """
        .formatted(host, port, namespace);
  }

  /** CRUD for every path but pod logs, which come from the scenario's files. */
  private static final class LogServingDispatcher extends KubernetesMixedDispatcher {

    private final Map<String, Pod> pods;
    private final List<io.fabric8.kubernetes.api.model.Event> events;
    private final Map<String, String> created;
    private final PodLogFiles logs;
    private final Clock clock;
    private final Map<String, List<Discovery.Resource>> customGroups;

    LogServingDispatcher(
        Map<ServerRequest, Queue<ServerResponse>> expectations,
        Map<String, Pod> pods,
        List<io.fabric8.kubernetes.api.model.Event> events,
        Map<String, String> created,
        PodLogFiles logs,
        Clock clock,
        Map<String, List<Discovery.Resource>> customGroups) {
      super(expectations);
      this.customGroups = customGroups;
      this.pods = pods;
      this.events = events;
      this.created = created;
      this.logs = logs;
      this.clock = clock;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Matcher log = LOG_PATH.matcher(request.getPath());
      if (!"GET".equals(request.getMethod())) {
        return super.dispatch(request);
      }
      Optional<String> discovery = Discovery.answer(request.getPath(), customGroups);
      if (discovery.isPresent()) {
        return new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", "application/json")
            .setBody(discovery.get());
      }
      Matcher eventsPath = EVENTS_PATH.matcher(request.getPath());
      if (eventsPath.matches()) {
        Optional<MockResponse> selected =
            eventsSelected(eventsPath.group(1), query(eventsPath.group(2)));
        if (selected.isPresent()) {
          return selected.get();
        }
      }
      if (!log.matches()) {
        MockResponse answer = withCreationTimes(super.dispatch(request), request.getPath());
        return request.getPath().contains("watch=true") ? answer : asJson(answer);
      }
      try {
        return log(log.group(1), log.group(2), query(log.group(3)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private MockResponse log(String namespace, String podName, Map<String, String> query)
        throws IOException {
      Pod pod = pods.get(namespace + "/" + podName);
      if (pod == null) {
        return status(404, "NotFound", "pods \"" + podName + "\" not found");
      }
      List<String> names = new ArrayList<>();
      Optional.ofNullable(pod.getSpec().getInitContainers())
          .ifPresent(list -> list.stream().map(Container::getName).forEach(names::add));
      pod.getSpec().getContainers().stream().map(Container::getName).forEach(names::add);
      String container = query.get("container");
      if (container == null) {
        if (pod.getSpec().getContainers().size() != 1) {
          return status(
              400,
              "BadRequest",
              "a container name must be specified for pod "
                  + podName
                  + ", choose one of: "
                  + pod.getSpec().getContainers().stream().map(Container::getName).toList());
        }
        container = pod.getSpec().getContainers().getFirst().getName();
      } else if (!names.contains(container)) {
        return status(
            400, "BadRequest", "container " + container + " is not valid for pod " + podName);
      }
      boolean previous = "true".equals(query.get("previous"));
      Optional<String> text = logs.read(podName, container, previous);
      if (text.isEmpty() && previous) {
        return status(
            400,
            "BadRequest",
            "previous terminated container \""
                + container
                + "\" in pod \""
                + podName
                + "\" not found");
      }
      return new MockResponse()
          .setResponseCode(200)
          .setHeader("Content-Type", "text/plain")
          .setBody(PodLogFiles.select(text.orElse(""), query, clock.instant()));
    }

    /**
     * Events chosen by a field selector on {@code involvedObject.*}, {@code type} or {@code
     * reason}, which the CRUD store does not understand (it answers none): what {@code kubectl
     * describe} asks for. Empty when the request has no such selector.
     */
    private Optional<MockResponse> eventsSelected(String namespace, Map<String, String> query) {
      String selector = query.get("fieldSelector");
      if (selector == null || selector.isBlank() || selector.contains("!=")) {
        return Optional.empty();
      }
      Map<String, String> wanted = new LinkedHashMap<>();
      for (String term : selector.split(",")) {
        String[] pair = term.split("==?", 2);
        if (pair.length != 2) {
          return Optional.empty();
        }
        // The store gives the scenario's objects uids of its own, which the uids written in the
        // scenario's events cannot match: name, namespace and kind say which object is meant.
        if (!pair[0].strip().equals("involvedObject.uid")) {
          wanted.put(pair[0].strip(), pair[1].strip());
        }
      }
      com.fasterxml.jackson.databind.node.ObjectNode list =
          JSON.createObjectNode().put("apiVersion", "v1").put("kind", "EventList");
      list.putObject("metadata").put("resourceVersion", "1");
      com.fasterxml.jackson.databind.node.ArrayNode items = list.putArray("items");
      synchronized (events) {
        for (io.fabric8.kubernetes.api.model.Event event : events) {
          com.fasterxml.jackson.databind.JsonNode node = JSON.valueToTree(event);
          boolean matches =
              namespace == null || namespace.equals(node.at("/metadata/namespace").asText());
          for (Map.Entry<String, String> field : wanted.entrySet()) {
            String pointer = "/" + field.getKey().replace('.', '/');
            // Hand-written events often leave out involvedObject.apiVersion: a field the event
            // does not have does not rule it out.
            matches &=
                node.at(pointer).isMissingNode()
                    || node.at(pointer).asText().equals(field.getValue());
          }
          if (matches) {
            items.add(node);
          }
        }
      }
      try {
        return Optional.of(
            new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setBody(JSON.writeValueAsString(list)));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * The CRUD store's answers carry no content type; kubectl then takes them for the protobuf it
     * asked for first and fails. They are JSON.
     */
    private static MockResponse asJson(MockResponse response) {
      if (response.getHeaders().get("Content-Type") == null) {
        response.setHeader("Content-Type", "application/json");
      }
      return response;
    }

    private static MockResponse status(int code, String reason, String message) {
      String body =
          "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
              + "\"message\":"
              + quoted(message)
              + ",\"reason\":\""
              + reason
              + "\",\"code\":"
              + code
              + "}";
      return new MockResponse()
          .setResponseCode(code)
          .setHeader("Content-Type", "application/json")
          .setBody(body);
    }

    /**
     * The CRUD store stamps each object with the time it was loaded; puts back the scenario's own
     * creation times, from which ages ("age 40d", "created 20m ago") are computed.
     */
    private MockResponse withCreationTimes(MockResponse response, String path) {
      if (response.code() != 200 || path.contains("watch=true")) {
        return response;
      }
      try {
        com.fasterxml.jackson.databind.JsonNode body = JSON.readTree(response.getBody().readUtf8());
        if (body.has("items")) {
          // The store answers every collection as a "List"; a real server names it after its kind
          // (EventList), and kubectl decodes a "List" of events as no events at all.
          if (body.path("kind").asText().equals("List")
              && body.get("items").size() > 0
              && body instanceof com.fasterxml.jackson.databind.node.ObjectNode list) {
            list.put("kind", body.get("items").get(0).path("kind").asText() + "List");
          }
          String listKind = body.path("kind").asText("");
          String kind =
              listKind.endsWith("List") ? listKind.substring(0, listKind.length() - 4) : "";
          body.get("items").forEach(item -> restore(item, kind));
        } else {
          restore(body, "");
        }
        return response.setBody(JSON.writeValueAsString(body));
      } catch (IOException | RuntimeException e) {
        return response;
      }
    }

    private void restore(com.fasterxml.jackson.databind.JsonNode item, String listKind) {
      if (item.get("metadata") instanceof com.fasterxml.jackson.databind.node.ObjectNode meta) {
        String time =
            created.get(
                key(
                    item.path("kind").asText(listKind),
                    meta.path("namespace").asText(null),
                    meta.path("name").asText()));
        if (time != null) {
          meta.put("creationTimestamp", time);
        }
      }
    }

    private static String quoted(String text) {
      try {
        return JSON.writeValueAsString(text);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Map<String, String> query(String raw) {
      Map<String, String> values = new LinkedHashMap<>();
      if (raw == null || raw.isEmpty()) {
        return values;
      }
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        values.put(
            URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
      return values;
    }
  }
}
