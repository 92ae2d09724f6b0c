package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The tables of {@code kubectl get}, one layout per kind, with the columns an SRE reads. */
final class ObjectTables {

  private ObjectTables() {}

  /**
   * Lays out objects of one kind.
   *
   * @param withNamespace whether to add a NAMESPACE column (when listing all namespaces)
   */
  /**
   * A kind's columns after NAME, and how one object of the kind fills them: kept together so that a
   * column cannot be added without its cell.
   */
  record Layout(List<String> columns, Cells cells) {

    Layout {
      columns = List.copyOf(columns);
    }

    Layout(List<String> columns, AgedCells cells) {
      this(columns, (item, age, now) -> cells.of(item, age));
    }
  }

  /** One object's cells, from the object, its age and the time now. */
  @FunctionalInterface
  interface Cells {
    List<String> of(HasMetadata item, String age, Instant now);
  }

  /** One object's cells, from the object and its age. */
  @FunctionalInterface
  interface AgedCells {
    List<String> of(HasMetadata item, String age);
  }

  /**
   * Lays out objects of one kind.
   *
   * @param withNamespace whether to add a NAMESPACE column (when listing all namespaces)
   */
  static TextTable table(
      ResourceKind kind, List<? extends HasMetadata> items, boolean withNamespace, Instant now) {
    Layout layout = layout(kind);
    List<String> headers = new ArrayList<>();
    if (withNamespace) {
      headers.add("NAMESPACE");
    }
    headers.add("NAME");
    headers.addAll(layout.columns());
    TextTable table = new TextTable(headers);
    for (HasMetadata item : items) {
      List<String> row = new ArrayList<>();
      if (withNamespace) {
        row.add(item.getMetadata().getNamespace());
      }
      row.add(item.getMetadata().getName());
      String age = Ages.since(item.getMetadata().getCreationTimestamp(), now);
      row.addAll(cells(layout, item, age, now));
      table.add(row);
    }
    return table;
  }

  /**
   * One object's cells; an object that lacks what its layout reads (a spec the API server left out,
   * an object converted from an older version) shows its name and age and {@code <unknown>} in the
   * other columns, as kubectl does, rather than costing the whole listing.
   */
  private static List<String> cells(Layout layout, HasMetadata item, String age, Instant now) {
    try {
      return layout.cells().of(item, age, now);
    } catch (RuntimeException absentField) {
      return layout.columns().stream()
          .map(column -> column.equals("AGE") ? age : "<unknown>")
          .toList();
    }
  }

  private static Layout layout(ResourceKind kind) {
    return switch (kind) {
      case POD ->
          new Layout(
              List.of("READY", "STATUS", "RESTARTS", "AGE", "NODE"),
              (item, age, now) -> pod((Pod) item, age, now));
      case DEPLOYMENT ->
          new Layout(
              List.of("READY", "UP-TO-DATE", "AVAILABLE", "AGE", "PROBLEMS"),
              (item, age) -> deployment((Deployment) item, age));
      case STATEFULSET ->
          new Layout(List.of("READY", "AGE"), (item, age) -> statefulSet((StatefulSet) item, age));
      case DAEMONSET ->
          new Layout(
              List.of("DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"),
              (item, age) -> daemonSet((DaemonSet) item, age));
      case REPLICASET ->
          new Layout(
              List.of("DESIRED", "CURRENT", "READY", "AGE"),
              (item, age) -> replicaSet((ReplicaSet) item, age));
      case JOB ->
          new Layout(
              List.of("STATUS", "COMPLETIONS", "DURATION", "AGE"),
              (item, age, now) -> job((Job) item, age, now));
      case CRONJOB ->
          new Layout(
              List.of("SCHEDULE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"),
              (item, age, now) -> cronJob((CronJob) item, age, now));
      case SERVICE ->
          new Layout(
              List.of("TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORTS", "SELECTOR", "AGE"),
              (item, age) -> service((Service) item, age));
      case ENDPOINTS ->
          new Layout(
              List.of("READY ENDPOINTS", "NOT READY", "AGE"),
              (item, age) -> endpoints((Endpoints) item, age));
      case INGRESS ->
          new Layout(
              List.of("CLASS", "HOSTS", "ADDRESS", "AGE"),
              (item, age) -> ingress((Ingress) item, age));
      case CONFIGMAP ->
          new Layout(
              List.of("DATA", "AGE"),
              (item, age) -> List.of(String.valueOf(configMapSize((ConfigMap) item)), age));
      case SECRET ->
          new Layout(List.of("TYPE", "DATA", "AGE"), (item, age) -> secret((Secret) item, age));
      case NODE ->
          new Layout(
              List.of("STATUS", "ROLES", "AGE", "VERSION", "PROBLEMS"),
              (item, age) -> node((Node) item, age));
      case NAMESPACE ->
          new Layout(List.of("STATUS", "AGE"), (item, age) -> namespace((Namespace) item, age));
      case EVENT -> throw new IllegalStateException("events are laid out by EventsView");
      case PERSISTENTVOLUMECLAIM ->
          new Layout(
              List.of("STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "AGE"),
              (item, age) -> claim((PersistentVolumeClaim) item, age));
      case HORIZONTALPODAUTOSCALER ->
          new Layout(
              List.of("REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"),
              (item, age) -> autoscaler((HorizontalPodAutoscaler) item, age));
      case RESOURCEQUOTA,
          LIMITRANGE,
          STORAGECLASS,
          PERSISTENTVOLUME,
          NETWORKPOLICY,
          PODDISRUPTIONBUDGET ->
          PolicyTables.layout(kind);
    };
  }

  private static List<String> namespace(Namespace namespace, String age) {
    var status = namespace.getStatus();
    return List.of(status == null || status.getPhase() == null ? "Active" : status.getPhase(), age);
  }

  private static List<String> pod(Pod pod, String age, Instant now) {
    return List.of(
        PodStatuses.ready(pod),
        PodStatuses.statusColumn(pod),
        PodStatuses.restartsColumn(pod, now),
        age,
        pod.getSpec() == null ? "" : text(pod.getSpec().getNodeName()));
  }

  private static List<String> deployment(Deployment deployment, String age) {
    var status = deployment.getStatus();
    int desired = orZero(deployment.getSpec().getReplicas());
    return List.of(
        orZero(status == null ? null : status.getReadyReplicas()) + "/" + desired,
        String.valueOf(orZero(status == null ? null : status.getUpdatedReplicas())),
        String.valueOf(orZero(status == null ? null : status.getAvailableReplicas())),
        age,
        deploymentProblems(deployment));
  }

  /** Conditions that say a rollout is stuck or the app is down, such as Available=False. */
  private static String deploymentProblems(Deployment deployment) {
    if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
      return "";
    }
    return deployment.getStatus().getConditions().stream()
        .filter(c -> !"True".equals(c.getStatus()) || "ReplicaFailure".equals(c.getType()))
        .map(ObjectTables::conditionText)
        .collect(Collectors.joining("; "));
  }

  private static String conditionText(DeploymentCondition condition) {
    return condition.getType()
        + "="
        + condition.getStatus()
        + (condition.getReason() == null ? "" : " " + condition.getReason());
  }

  private static List<String> statefulSet(StatefulSet set, String age) {
    var status = set.getStatus();
    return List.of(
        orZero(status == null ? null : status.getReadyReplicas())
            + "/"
            + orZero(set.getSpec().getReplicas()),
        age);
  }

  private static List<String> daemonSet(DaemonSet set, String age) {
    var status = set.getStatus();
    if (status == null) {
      return List.of("0", "0", "0", "0", "0", age);
    }
    return List.of(
        String.valueOf(orZero(status.getDesiredNumberScheduled())),
        String.valueOf(orZero(status.getCurrentNumberScheduled())),
        String.valueOf(orZero(status.getNumberReady())),
        String.valueOf(orZero(status.getUpdatedNumberScheduled())),
        String.valueOf(orZero(status.getNumberAvailable())),
        age);
  }

  private static List<String> replicaSet(ReplicaSet set, String age) {
    var status = set.getStatus();
    return List.of(
        String.valueOf(orZero(set.getSpec().getReplicas())),
        String.valueOf(orZero(status == null ? null : status.getReplicas())),
        String.valueOf(orZero(status == null ? null : status.getReadyReplicas())),
        age);
  }

  private static List<String> job(Job job, String age, Instant now) {
    var status = job.getStatus();
    String completions =
        orZero(status == null ? null : status.getSucceeded())
            + "/"
            + (job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions());
    String duration = "";
    if (status != null && status.getStartTime() != null) {
      Instant start = Ages.parse(status.getStartTime());
      Instant end =
          status.getCompletionTime() == null ? now : Ages.parse(status.getCompletionTime());
      duration = start == null || end == null ? "" : Ages.format(Duration.between(start, end));
    }
    return List.of(jobStatus(job), completions, duration, age);
  }

  /** Complete, Failed (with its reason), Suspended or Running. */
  private static String jobStatus(Job job) {
    List<JobCondition> conditions =
        job.getStatus() == null || job.getStatus().getConditions() == null
            ? List.of()
            : job.getStatus().getConditions();
    for (JobCondition condition : conditions) {
      if ("True".equals(condition.getStatus())
          && List.of("Complete", "Failed", "Suspended").contains(condition.getType())) {
        return condition.getType()
            + (condition.getReason() == null ? "" : " (" + condition.getReason() + ")");
      }
    }
    int failed = job.getStatus() == null ? 0 : orZero(job.getStatus().getFailed());
    return failed > 0 ? "Running (" + failed + " failed)" : "Running";
  }

  private static List<String> cronJob(CronJob cronJob, String age, Instant now) {
    var status = cronJob.getStatus();
    return List.of(
        cronJob.getSpec().getSchedule(),
        String.valueOf(Boolean.TRUE.equals(cronJob.getSpec().getSuspend())),
        String.valueOf(
            status == null || status.getActive() == null ? 0 : status.getActive().size()),
        status == null || status.getLastScheduleTime() == null
            ? "never"
            : Ages.since(status.getLastScheduleTime(), now) + " ago",
        age);
  }

  private static List<String> service(Service service, String age) {
    var spec = service.getSpec();
    List<String> external = new ArrayList<>();
    if (spec.getExternalIPs() != null) {
      external.addAll(spec.getExternalIPs());
    }
    var loadBalancer = service.getStatus() == null ? null : service.getStatus().getLoadBalancer();
    if (loadBalancer != null && loadBalancer.getIngress() != null) {
      loadBalancer
          .getIngress()
          .forEach(i -> external.add(i.getIp() != null ? i.getIp() : i.getHostname()));
    }
    if (external.isEmpty() && "LoadBalancer".equals(spec.getType())) {
      external.add("<pending>");
    }
    if ("ExternalName".equals(spec.getType())) {
      external.add(spec.getExternalName());
    }
    return List.of(
        text(spec.getType()),
        text(spec.getClusterIP()),
        String.join(",", external),
        servicePorts(spec.getPorts()),
        labels(spec.getSelector()),
        age);
  }

  /** Ports as {@code 80→8080/TCP}, with the node port when there is one. */
  private static String servicePorts(List<ServicePort> ports) {
    if (ports == null) {
      return "";
    }
    return ports.stream()
        .map(
            port -> {
              String target =
                  port.getTargetPort() == null
                      ? ""
                      : "→"
                          + (port.getTargetPort().getStrVal() != null
                              ? port.getTargetPort().getStrVal()
                              : port.getTargetPort().getIntVal());
              String node = port.getNodePort() == null ? "" : ":" + port.getNodePort();
              return port.getPort() + node + target + "/" + text(port.getProtocol());
            })
        .collect(Collectors.joining(","));
  }

  private static List<String> endpoints(Endpoints endpoints, String age) {
    List<String> ready = new ArrayList<>();
    int notReady = 0;
    for (EndpointSubset subset : listOrEmpty(endpoints.getSubsets())) {
      String port =
          subset.getPorts() == null || subset.getPorts().isEmpty()
              ? ""
              : ":" + subset.getPorts().get(0).getPort();
      for (EndpointAddress address : listOrEmpty(subset.getAddresses())) {
        ready.add(address.getIp() + port);
      }
      notReady += listOrEmpty(subset.getNotReadyAddresses()).size();
    }
    String shown =
        ready.size() > 3
            ? String.join(",", ready.subList(0, 3)) + " +" + (ready.size() - 3) + " more"
            : ready.isEmpty() ? "<none>" : String.join(",", ready);
    return List.of(shown, String.valueOf(notReady), age);
  }

  private static List<String> ingress(Ingress ingress, String age) {
    String hosts =
        listOrEmpty(ingress.getSpec().getRules()).stream()
            .map(IngressRule::getHost)
            .map(host -> host == null ? "*" : host)
            .collect(Collectors.joining(","));
    var balancer = ingress.getStatus() == null ? null : ingress.getStatus().getLoadBalancer();
    String address =
        balancer == null || balancer.getIngress() == null
            ? ""
            : balancer.getIngress().stream()
                .map(i -> i.getIp() != null ? i.getIp() : i.getHostname())
                .collect(Collectors.joining(","));
    return List.of(text(ingress.getSpec().getIngressClassName()), hosts, address, age);
  }

  private static int configMapSize(ConfigMap configMap) {
    return mapSize(configMap.getData()) + mapSize(configMap.getBinaryData());
  }

  private static List<String> secret(Secret secret, String age) {
    int keys =
        Stream.concat(keysOf(secret.getData()), keysOf(secret.getStringData()))
            .collect(Collectors.toSet())
            .size();
    return List.of(text(secret.getType()), String.valueOf(keys), age);
  }

  private static List<String> node(Node node, String age) {
    return List.of(nodeStatus(node), nodeRoles(node), age, nodeVersion(node), nodeProblems(node));
  }

  /** Ready, NotReady or Unknown, with SchedulingDisabled when cordoned. */
  static String nodeStatus(Node node) {
    String ready =
        nodeConditions(node).stream()
            .filter(c -> "Ready".equals(c.getType()))
            .findFirst()
            .map(
                c ->
                    switch (c.getStatus()) {
                      case "True" -> "Ready";
                      case "False" -> "NotReady";
                      default -> "Unknown";
                    })
            .orElse("Unknown");
    return Boolean.TRUE.equals(node.getSpec().getUnschedulable())
        ? ready + ",SchedulingDisabled"
        : ready;
  }

  /** Conditions that hurt: pressure, network unavailable, or not ready with the kubelet's word. */
  private static String nodeProblems(Node node) {
    return nodeConditions(node).stream()
        .filter(
            c ->
                "Ready".equals(c.getType())
                    ? !"True".equals(c.getStatus())
                    : "True".equals(c.getStatus()))
        .map(
            c ->
                "Ready".equals(c.getType())
                    ? "NotReady" + (c.getReason() == null ? "" : " (" + c.getReason() + ")")
                    : c.getType())
        .collect(Collectors.joining(","));
  }

  static List<NodeCondition> nodeConditions(Node node) {
    return node.getStatus() == null ? List.of() : listOrEmpty(node.getStatus().getConditions());
  }

  private static String nodeRoles(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels();
    if (labels == null) {
      return "<none>";
    }
    String roles =
        labels.keySet().stream()
            .filter(key -> key.startsWith("node-role.kubernetes.io/"))
            .map(key -> key.substring("node-role.kubernetes.io/".length()))
            .sorted()
            .collect(Collectors.joining(","));
    return roles.isEmpty() ? "<none>" : roles;
  }

  private static String nodeVersion(Node node) {
    return node.getStatus() == null || node.getStatus().getNodeInfo() == null
        ? ""
        : node.getStatus().getNodeInfo().getKubeletVersion();
  }

  private static List<String> claim(PersistentVolumeClaim claim, String age) {
    var status = claim.getStatus();
    String capacity =
        status == null
                || status.getCapacity() == null
                || status.getCapacity().get("storage") == null
            ? ""
            : status.getCapacity().get("storage").toString();
    return List.of(
        status == null ? "" : text(status.getPhase()),
        text(claim.getSpec().getVolumeName()),
        capacity,
        String.join(",", listOrEmpty(claim.getSpec().getAccessModes())),
        text(claim.getSpec().getStorageClassName()),
        age);
  }

  private static List<String> autoscaler(HorizontalPodAutoscaler hpa, String age) {
    var spec = hpa.getSpec();
    var status = hpa.getStatus();
    return List.of(
        spec.getScaleTargetRef().getKind() + "/" + spec.getScaleTargetRef().getName(),
        autoscalerTargets(hpa),
        String.valueOf(spec.getMinReplicas() == null ? 1 : spec.getMinReplicas()),
        String.valueOf(spec.getMaxReplicas()),
        String.valueOf(status == null ? 0 : orZero(status.getCurrentReplicas())),
        age);
  }

  /** Resource metrics as {@code cpu: 85%/70%}: current over target utilisation. */
  private static String autoscalerTargets(HorizontalPodAutoscaler hpa) {
    List<MetricStatus> current =
        hpa.getStatus() == null ? List.of() : listOrEmpty(hpa.getStatus().getCurrentMetrics());
    List<String> targets = new ArrayList<>();
    for (MetricSpec metric : listOrEmpty(hpa.getSpec().getMetrics())) {
      if (metric.getResource() == null) {
        targets.add(metric.getType());
        continue;
      }
      String name = metric.getResource().getName();
      Integer target = metric.getResource().getTarget().getAverageUtilization();
      String now =
          current.stream()
              .filter(m -> m.getResource() != null && name.equals(m.getResource().getName()))
              .map(m -> m.getResource().getCurrent().getAverageUtilization())
              .filter(Objects::nonNull)
              .map(value -> value + "%")
              .findFirst()
              .orElse("<unknown>");
      targets.add(name + ": " + now + "/" + (target == null ? "?" : target + "%"));
    }
    return String.join(", ", targets);
  }

  /** Labels as {@code a=b,c=d}. */
  static String labels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return "";
    }
    return labels.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  private static Stream<String> keysOf(Map<String, String> map) {
    return map == null ? Stream.empty() : map.keySet().stream();
  }

  private static int mapSize(Map<String, String> map) {
    return map == null ? 0 : map.size();
  }

  static <T> List<T> listOrEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
