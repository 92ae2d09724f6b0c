package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reads kubectl_info makes, and nothing else: every call here is a GET. A failure comes back as
 * a {@link KubeApiException} that names the verb, resource and namespace.
 */
final class KubeApi {

  private final KubernetesClient client;

  KubeApi(KubernetesClient client) {
    this.client = client;
  }

  /** Renders objects through the client's own serialization, so every model field is kept. */
  ObjectView objectView() {
    return new ObjectView(client.getKubernetesSerialization());
  }

  String masterUrl() {
    return String.valueOf(client.getConfiguration().getMasterUrl());
  }

  /**
   * Lists objects, sorted by namespace and name.
   *
   * @param namespace the namespace, or null for all namespaces (ignored for cluster-scoped kinds)
   * @param labelSelector a label selector, or null
   */
  List<HasMetadata> list(ResourceKind kind, String namespace, String labelSelector) {
    String scope = kind.namespaced() ? namespace : null;
    return call(
        "list",
        kind.plural(),
        scope,
        () ->
            list(kind.type(), kind.namespaced(), scope, labelSelector).stream()
                .map(HasMetadata.class::cast)
                .sorted(
                    Comparator.comparing((HasMetadata item) -> nullToEmpty(namespaceOf(item)))
                        .thenComparing(item -> item.getMetadata().getName()))
                .toList());
  }

  /** One object by name, or empty when there is none. */
  Optional<HasMetadata> get(ResourceKind kind, String namespace, String name) {
    String scope = kind.namespaced() ? namespace : null;
    return call(
        "get",
        kind.plural(),
        scope,
        () -> Optional.ofNullable(resource(kind.type(), scope, name).get()));
  }

  /** The same as {@link #get} for a typed result. */
  <T extends HasMetadata> Optional<T> get(
      Class<T> type, ResourceKind kind, String ns, String name) {
    return get(kind, ns, name).map(type::cast);
  }

  /** The same as {@link #list} for a typed result. */
  <T extends HasMetadata> List<T> list(Class<T> type, ResourceKind kind, String ns, String sel) {
    return list(kind, ns, sel).stream().map(type::cast).toList();
  }

  /** Lists objects by a field selector, such as pods on one node. */
  <T extends HasMetadata> List<T> listByField(
      Class<T> type, ResourceKind kind, String field, String value) {
    return call(
        "list",
        kind.plural(),
        null,
        () -> client.resources(type).inAnyNamespace().withField(field, value).list().getItems());
  }

  /** The core/v1 events of a namespace (null for all namespaces). */
  List<Event> events(String namespace) {
    return list(Event.class, ResourceKind.EVENT, namespace, null);
  }

  /**
   * A container's log.
   *
   * @param since how far back, or null
   */
  String log(
      String namespace,
      String pod,
      String container,
      boolean previous,
      int tailLines,
      Duration since) {
    return call(
        "get",
        "pods/log",
        namespace,
        () -> {
          var resource = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
          TimeTailPrettyLoggable loggable = previous ? resource.terminated() : resource;
          var tailed =
              since == null
                  ? loggable.tailingLines(tailLines)
                  : loggable.sinceSeconds((int) since.toSeconds()).tailingLines(tailLines);
          return nullToEmpty(tailed.getLog());
        });
  }

  /**
   * What a search of a container's whole log found: the last matching lines, how many matched, and
   * how many lines were read.
   */
  record Grep(List<String> lastMatches, long matches, long linesRead) {}

  /**
   * Reads a container's whole log as a stream, keeping only the last {@code keep} lines that match,
   * so a match far back in a long log is found without holding the log in memory.
   */
  Grep grepLog(
      String namespace,
      String pod,
      String container,
      boolean previous,
      Duration since,
      java.util.function.Predicate<String> match,
      int keep) {
    return call(
        "get",
        "pods/log",
        namespace,
        () -> {
          var resource = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
          TimeTailPrettyLoggable loggable = previous ? resource.terminated() : resource;
          var windowed = since == null ? loggable : loggable.sinceSeconds((int) since.toSeconds());
          java.util.ArrayDeque<String> last = new java.util.ArrayDeque<>();
          long matches = 0;
          long read = 0;
          try (var lines =
              new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      windowed.getLogInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
              read++;
              if (match.test(line)) {
                matches++;
                last.addLast(line);
                if (last.size() > keep) {
                  last.removeFirst();
                }
              }
            }
          } catch (java.io.IOException e) {
            throw new KubernetesClientException("reading the log stream failed: " + e, e);
          }
          return new Grep(List.copyOf(last), matches, read);
        });
  }

  /** Pod metrics from metrics.k8s.io, for a namespace or (null) all namespaces. */
  List<PodMetrics> podMetrics(String namespace) {
    return call(
        "list",
        "pods.metrics.k8s.io",
        namespace,
        () ->
            namespace == null
                ? client.top().pods().metrics().getItems()
                : client.top().pods().inNamespace(namespace).metrics().getItems());
  }

  /** Node metrics from metrics.k8s.io. */
  List<NodeMetrics> nodeMetrics() {
    return call(
        "list", "nodes.metrics.k8s.io", null, () -> client.top().nodes().metrics().getItems());
  }

  private <T extends HasMetadata> List<T> list(
      Class<T> type, boolean namespaced, String namespace, String labelSelector) {
    MixedOperation<T, KubernetesResourceList<T>, Resource<T>> operation = client.resources(type);
    FilterWatchListDeletable<T, KubernetesResourceList<T>, Resource<T>> scoped;
    if (!namespaced) {
      scoped = operation;
    } else if (namespace == null) {
      scoped = operation.inAnyNamespace();
    } else {
      scoped = operation.inNamespace(namespace);
    }
    if (labelSelector != null) {
      scoped = scoped.withLabelSelector(labelSelector);
    }
    return scoped.list().getItems();
  }

  private <T extends HasMetadata> Resource<T> resource(
      Class<T> type, String namespace, String name) {
    MixedOperation<T, KubernetesResourceList<T>, Resource<T>> operation = client.resources(type);
    return namespace == null
        ? operation.withName(name)
        : operation.inNamespace(namespace).withName(name);
  }

  private static <R> R call(String verb, String resource, String namespace, Supplier<R> read) {
    try {
      return read.get();
    } catch (KubernetesClientException e) {
      throw new KubeApiException(verb, resource, namespace, e);
    }
  }

  private static String namespaceOf(HasMetadata item) {
    return item.getMetadata().getNamespace();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
