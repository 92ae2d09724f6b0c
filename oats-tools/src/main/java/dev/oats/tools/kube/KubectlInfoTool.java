package dev.oats.tools.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code kubectl_info}: reads the cluster the way an SRE uses kubectl get, describe, logs, events
 * and top, and answers in tables and summaries. It only ever reads.
 */
final class KubectlInfoTool implements Tool {

  static final String NAME = "kubectl_info";

  private static final String DESCRIPTION =
      """
      Read-only view of the Kubernetes cluster, like kubectl get/describe/logs/events/top, \
      answered as tables and summaries. Use it first when a workload misbehaves.
      Actions:
      - list / get: a table of objects (pods show READY, STATUS with the real reason such as \
      CrashLoopBackOff or OOMKilled and the last exit code, RESTARTS, AGE, NODE). get with a \
      name shows one object (compact YAML for non-pods; Secrets show keys and sizes only).
      - describe: what matters first about one object: for a pod its conditions, each \
      container's state, last termination (reason, exit code), restarts, resources, probes, \
      owner chain (Pod → ReplicaSet → Deployment) and its events; for a deployment its rollout \
      conditions, ReplicaSets, pods and events; for a node its conditions, allocation and taints.
      - logs: a container's log (tail_lines, since, grep). previous=true reads the run that \
      crashed — use it for CrashLoopBackOff. A deployment/statefulset/service name reads its \
      pods, troubled first.
      - events: events folded with counts, warnings first, newest first; with resource and \
      name, only that object's events.
      - top: live CPU/memory of pods or nodes from metrics-server, against requests and limits.
      Any kind by plural, singular or short name (po, deploy, svc, pvc, hpa, netpol, …), \
      custom resources included; namespace "all" lists every namespace.
      Examples:
      {"action": "describe", "resource": "pod", "name": "checkout-7d9f8-x2k4q"}
      {"action": "logs", "name": "checkout-7d9f8-x2k4q", "previous": true, "tail_lines": 100}
      {"action": "logs", "resource": "deploy", "name": "checkout", "grep": "error|timeout"}""";

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          DESCRIPTION,
          ToolCategory.KUBERNETES,
          ParameterSchema.object()
              .string(
                  "action",
                  p ->
                      p.description("What to do.")
                          .oneOf(
                              Arrays.stream(KubeQuery.Action.values())
                                  .map(KubeQuery.Action::wireName)
                                  .toList()))
              .string(
                  "resource",
                  "Object type (pods, deploy, svc, certificates, rollouts.argoproj.io, …). Defaults"
                      + " to pods for logs and top, events for events.")
              .string(
                  "name",
                  "Object name; kind/name (deployment/checkout) also works. For logs, a pod or a"
                      + " workload/service name.")
              .string(
                  "namespace",
                  "Namespace; defaults to the investigation's namespace. 'all' or '*' for every"
                      + " namespace.")
              .string("label_selector", "Label selector, such as app=checkout,tier!=db.")
              .string("container", "Container for logs; chosen for you when omitted.")
              .integer(
                  "tail_lines",
                  p ->
                      p.description("Log lines to return (default 200).")
                          .minimum(1)
                          .maximum(KubeQuery.MAX_TAIL_LINES)
                          .defaultValue(KubeQuery.DEFAULT_TAIL_LINES))
              .string("since", "Only logs newer than this: 30s, 10m, 1h, 2h30m.")
              .bool(
                  "previous",
                  p ->
                      p.description(
                              "Logs of the previous, terminated run of the container"
                                  + " (CrashLoopBackOff, OOMKilled).")
                          .defaultValue(false))
              .string(
                  "grep",
                  "Keep only log lines (or events) matching this case-insensitive regex or"
                      + " substring; the whole log is searched, the last tail_lines matches"
                      + " returned.")
              .required("action")
              .build());

  private final Supplier<KubernetesClient> client;
  private final String defaultNamespace;
  private final Clock clock;

  /**
   * @param client gives the client on first use, so that offering the tool contacts nothing
   * @param defaultNamespace the namespace used when neither the call nor the investigation names
   *     one; null for the kubeconfig context's namespace, as kubectl does
   */
  KubectlInfoTool(Supplier<KubernetesClient> client, String defaultNamespace, Clock clock) {
    this.client = client;
    this.defaultNamespace = defaultNamespace;
    this.clock = clock;
  }

  /** The configured namespace, else the kubeconfig context's, else {@code default}. */
  private String fallbackNamespace(KubernetesClient kube) {
    return defaultNamespace != null ? defaultNamespace : KubeTools.namespaceOf(kube);
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) {
    KubernetesClient kube;
    try {
      kube = client.get();
    } catch (RuntimeException e) {
      return ToolResult.error(
          "could not set up the Kubernetes client ("
              + e.getMessage()
              + "): check the kubeconfig that KUBECONFIG or ~/.kube/config points at");
    }
    Optional<ToolResult> custom = customResource(arguments, kube, context);
    if (custom.isPresent()) {
      return custom.get();
    }
    KubeQuery query;
    try {
      query = KubeQuery.parse(arguments, context.namespaceOr(fallbackNamespace(kube)));
    } catch (IllegalArgumentException e) {
      return ToolResult.error(e.getMessage());
    }
    KubeApi api = new KubeApi(kube);
    Instant now = clock.instant();
    try {
      return switch (query.action()) {
        case GET, LIST ->
            query.kind() == ResourceKind.EVENT
                ? new EventsAction(api, now).run(query)
                : new GetAction(api, now).run(query);
        case DESCRIBE -> new DescribeAction(api, now).run(query);
        case LOGS -> new LogsAction(api, now).run(query);
        case EVENTS -> new EventsAction(api, now).run(query);
        case TOP -> new TopAction(api).run(query);
      };
    } catch (KubeApiException e) {
      return ToolResult.error(KubeErrors.explain(e, api.masterUrl()));
    } catch (dev.oats.tool.TimedText.TimeUp e) {
      return ToolResult.error(LogFilter.tooSlow(query.grep(), e.getMessage()));
    }
  }

  /**
   * get, list or describe of a kind with no table here (a CRD's, say) goes through discovery; empty
   * when the call is for a kind kubectl_info knows, or for another action.
   */
  private Optional<ToolResult> customResource(
      ObjectNode arguments, KubernetesClient kube, ToolContext context) {
    String action = arguments.path("action").asText("").toLowerCase(java.util.Locale.ROOT);
    String resource = arguments.path("resource").asText("").trim();
    String name = arguments.path("name").asText("").trim();
    if (!List.of("get", "list", "describe").contains(action)
        || resource.isEmpty()
        || name.contains("/")
        || ResourceKind.parse(resource).isPresent()) {
      return Optional.empty();
    }
    String namespace = arguments.path("namespace").asText("").trim();
    String selector = arguments.path("label_selector").asText("").trim();
    return Optional.of(
        new CustomResourceAction(kube, clock.instant())
            .run(
                resource,
                name.isEmpty() ? null : name,
                namespace.equals("all") || namespace.equals("*")
                    ? null
                    : namespace.isEmpty()
                        ? context.namespaceOr(fallbackNamespace(kube))
                        : namespace,
                selector.isEmpty() ? null : selector));
  }
}
