package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

/**
 * A small cluster in trouble, created as real objects in fabric8's mock API server: namespace
 * {@code shop} with a crash-looping checkout Deployment, an OOM-killed pod, an image that cannot be
 * pulled, a pod no node can take, a pod failing its readiness probe, their events, a Secret, and
 * two nodes, one of them under memory pressure.
 */
final class ShopCluster {

  static final String NS = "shop";
  static final String CRASHING = "checkout-7d9f8-crash";
  static final String HEALTHY = "checkout-7d9f8-ok";
  static final String OOM = "payments-5c6b7-oom";
  static final String IMAGE_PULL = "frontend-6d5f4-pull";
  static final String PENDING = "analytics-8f7e6-pending";
  static final String NOT_READY = "search-4b3a2-notready";
  static final String REPLICA_SET = "checkout-7d9f8";
  static final String DEPLOYMENT = "checkout";
  static final String SECRET = "db-credentials";
  static final String PASSWORD = "hunter2-correct-horse-battery";
  static final String PASSWORD_BASE64 =
      Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
  static final String API_TOKEN = "tok_live_9f8e7d6c5b4a";

  private final KubernetesClient client;
  private final Instant now = Instant.now();

  ShopCluster(KubernetesClient client) {
    this.client = client;
  }

  void create() {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("billing").endMetadata().build())
        .create();
    nodes();
    checkout();
    troubledPods();
    secret();
    service();
    createPod(
        pod("invoice-0", "invoice", "Running")
            .editMetadata()
            .withNamespace("billing")
            .endMetadata()
            .build());
    events();
  }

  private void nodes() {
    client
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-1")
                .addToLabels("node-role.kubernetes.io/worker", "")
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .withReason("KubeletReady")
                .endCondition()
                .addNewCondition()
                .withType("MemoryPressure")
                .withStatus("False")
                .endCondition()
                .addToCapacity("cpu", new Quantity("4"))
                .addToCapacity("memory", new Quantity("16Gi"))
                .addToAllocatable("cpu", new Quantity("3800m"))
                .addToAllocatable("memory", new Quantity("15Gi"))
                .withNewNodeInfo()
                .withKubeletVersion("v1.30.2")
                .endNodeInfo()
                .endStatus()
                .build())
        .create();
    client
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-2")
                .addToLabels("node-role.kubernetes.io/worker", "")
                .endMetadata()
                .withNewSpec()
                .withUnschedulable(true)
                .addNewTaint()
                .withKey("node.kubernetes.io/memory-pressure")
                .withEffect("NoSchedule")
                .endTaint()
                .endSpec()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("False")
                .withReason("KubeletNotReady")
                .withMessage("PLEG is not healthy: pleg was last seen active 3m0s ago")
                .withLastTransitionTime(ago(Duration.ofMinutes(3)))
                .endCondition()
                .addNewCondition()
                .withType("MemoryPressure")
                .withStatus("True")
                .withReason("KubeletHasInsufficientMemory")
                .endCondition()
                .addToAllocatable("cpu", new Quantity("3800m"))
                .addToAllocatable("memory", new Quantity("15Gi"))
                .withNewNodeInfo()
                .withKubeletVersion("v1.30.2")
                .endNodeInfo()
                .endStatus()
                .build())
        .create();
  }

  private void checkout() {
    client
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(DEPLOYMENT)
                .withNamespace(NS)
                .withUid("uid-deploy")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "checkout")
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString("25%"))
                .withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "checkout")
                .endMetadata()
                .withNewSpec()
                .addToContainers(appContainer())
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withReplicas(2)
                .withUpdatedReplicas(2)
                .withReadyReplicas(1)
                .withAvailableReplicas(1)
                .withUnavailableReplicas(1)
                .addNewCondition()
                .withType("Available")
                .withStatus("False")
                .withReason("MinimumReplicasUnavailable")
                .withMessage("Deployment does not have minimum availability.")
                .endCondition()
                .addNewCondition()
                .withType("Progressing")
                .withStatus("True")
                .withReason("NewReplicaSetAvailable")
                .endCondition()
                .endStatus()
                .build())
        .create();
    client
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(REPLICA_SET)
                .withNamespace(NS)
                .addToLabels("app", "checkout")
                .addToAnnotations("deployment.kubernetes.io/revision", "2")
                .addToOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(DEPLOYMENT)
                        .withUid("uid-deploy")
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "checkout")
                .endSelector()
                .endSpec()
                .withNewStatus()
                .withReplicas(2)
                .withReadyReplicas(1)
                .endStatus()
                .build())
        .create();
    ContainerStatus crashing =
        new ContainerStatusBuilder()
            .withName("app")
            .withImage("registry.example.com/checkout:2.4.1")
            .withReady(false)
            .withRestartCount(7)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .withMessage("back-off 5m0s restarting failed container=app pod=" + CRASHING)
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withReason("Error")
            .withExitCode(1)
            .withStartedAt(ago(Duration.ofMinutes(3)))
            .withFinishedAt(ago(Duration.ofMinutes(2)))
            .endTerminated()
            .endLastState()
            .build();
    createPod(checkoutPod(CRASHING, "Running", crashing));
    ContainerStatus healthy =
        new ContainerStatusBuilder()
            .withName("app")
            .withReady(true)
            .withRestartCount(0)
            .withNewState()
            .withNewRunning()
            .withStartedAt(ago(Duration.ofHours(2)))
            .endRunning()
            .endState()
            .build();
    createPod(checkoutPod(HEALTHY, "Running", healthy));
  }

  private Pod checkoutPod(String name, String phase, ContainerStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addToLabels("app", "checkout")
        .addToOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(REPLICA_SET)
                .withUid("uid-rs")
                .withController(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .addToContainers(appContainer())
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withQosClass("Burstable")
        .withPodIP("10.244.1.17")
        .withHostIP("10.0.0.11")
        .withStartTime(ago(Duration.ofHours(2)))
        .addNewCondition()
        .withType("Ready")
        .withStatus(Boolean.TRUE.equals(status.getReady()) ? "True" : "False")
        .withReason(Boolean.TRUE.equals(status.getReady()) ? null : "ContainersNotReady")
        .withMessage(
            Boolean.TRUE.equals(status.getReady()) ? null : "containers with unready status: [app]")
        .endCondition()
        .withContainerStatuses(status)
        .endStatus()
        .build();
  }

  private static Container appContainer() {
    return new ContainerBuilder()
        .withName("app")
        .withImage("registry.example.com/checkout:2.4.1")
        .addNewPort()
        .withContainerPort(8080)
        .withName("http")
        .endPort()
        .addNewEnv()
        .withName("DB_HOST")
        .withValue("postgres.shop.svc")
        .endEnv()
        .addNewEnv()
        .withName("DB_PASSWORD")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(SECRET)
        .withKey("password")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .withNewResources()
        .addToRequests("cpu", new Quantity("250m"))
        .addToRequests("memory", new Quantity("256Mi"))
        .addToLimits("memory", new Quantity("512Mi"))
        .endResources()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString(8080))
        .endHttpGet()
        .withInitialDelaySeconds(10)
        .endLivenessProbe()
        .build();
  }

  private void troubledPods() {
    createPod(
        pod(OOM, "payments", "Running")
            .editStatus()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withReady(false)
                    .withRestartCount(4)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("CrashLoopBackOff")
                    .withMessage("back-off 2m40s restarting failed container=app")
                    .endWaiting()
                    .endState()
                    .withNewLastState()
                    .withNewTerminated()
                    .withReason("OOMKilled")
                    .withExitCode(137)
                    .withFinishedAt(ago(Duration.ofMinutes(1)))
                    .endTerminated()
                    .endLastState()
                    .build())
            .endStatus()
            .build());
    createPod(
        pod(IMAGE_PULL, "frontend", "Pending")
            .editStatus()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withReady(false)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"registry.example.com/frontend:v9.9.9\"")
                    .endWaiting()
                    .endState()
                    .build())
            .endStatus()
            .build());
    createPod(
        pod(PENDING, "analytics", "Pending")
            .editSpec()
            .withNodeName(null)
            .endSpec()
            .editStatus()
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage("0/3 nodes are available: insufficient memory.")
            .endCondition()
            .endStatus()
            .build());
    createPod(
        pod(NOT_READY, "search", "Running")
            .editSpec()
            .editFirstContainer()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/ready")
            .withPort(new IntOrString(9200))
            .endHttpGet()
            .withPeriodSeconds(5)
            .endReadinessProbe()
            .endContainer()
            .endSpec()
            .editStatus()
            .addNewCondition()
            .withType("Ready")
            .withStatus("False")
            .withReason("ContainersNotReady")
            .withMessage("containers with unready status: [app]")
            .endCondition()
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("app")
                    .withReady(false)
                    .withRestartCount(0)
                    .withNewState()
                    .withNewRunning()
                    .withStartedAt(ago(Duration.ofMinutes(30)))
                    .endRunning()
                    .endState()
                    .build())
            .endStatus()
            .build());
  }

  private PodBuilder pod(String name, String app, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .withNodeName("node-1")
        .addNewContainer()
        .withName("app")
        .withImage("registry.example.com/" + app + ":v9.9.9")
        .withNewResources()
        .addToLimits("memory", new Quantity("128Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .endStatus();
  }

  private void createPod(Pod pod) {
    client.resource(pod).create();
  }

  private void secret() {
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .withNamespace(NS)
                .addToAnnotations(
                    "kubectl.kubernetes.io/last-applied-configuration",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"stringData\":{\"password\":\""
                        + PASSWORD
                        + "\"}}")
                .endMetadata()
                .withType("Opaque")
                .addToData("password", PASSWORD_BASE64)
                .addToData("username", Base64.getEncoder().encodeToString("checkout".getBytes()))
                .addToStringData("api-token", API_TOKEN)
                .build())
        .create();
  }

  private void service() {
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(DEPLOYMENT)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP("10.96.12.34")
                .addToSelector("app", "checkout")
                .addNewPort()
                .withPort(80)
                .withTargetPort(new IntOrString(8080))
                .withProtocol("TCP")
                .endPort()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new EndpointsBuilder()
                .withNewMetadata()
                .withName(DEPLOYMENT)
                .withNamespace(NS)
                .endMetadata()
                .addNewSubset()
                .addNewAddress()
                .withIp("10.244.1.18")
                .endAddress()
                .addNewNotReadyAddress()
                .withIp("10.244.1.17")
                .endNotReadyAddress()
                .addNewPort()
                .withPort(8080)
                .endPort()
                .endSubset()
                .build())
        .create();
  }

  private void events() {
    event(
        "e1",
        "Pod",
        CRASHING,
        "Warning",
        "BackOff",
        "Back-off restarting failed container app",
        31,
        1);
    // The same event recorded twice, as happens across kubelet restarts: shown once, counts summed.
    event(
        "e2",
        "Pod",
        CRASHING,
        "Warning",
        "BackOff",
        "Back-off restarting failed container app",
        9,
        20);
    event(
        "e3",
        "Pod",
        CRASHING,
        "Normal",
        "Pulled",
        "Container image already present on machine",
        8,
        2);
    event(
        "e4", "Pod", OOM, "Warning", "BackOff", "Back-off restarting failed container app", 12, 1);
    event(
        "e5",
        "Pod",
        IMAGE_PULL,
        "Warning",
        "Failed",
        "Failed to pull image \"registry.example.com/frontend:v9.9.9\": not found",
        5,
        3);
    event(
        "e6",
        "Pod",
        PENDING,
        "Warning",
        "FailedScheduling",
        "0/3 nodes are available: insufficient memory.",
        14,
        1);
    event(
        "e7",
        "Pod",
        NOT_READY,
        "Warning",
        "Unhealthy",
        "Readiness probe failed: HTTP probe failed with statuscode: 503",
        42,
        1);
    event(
        "e8",
        "Deployment",
        DEPLOYMENT,
        "Normal",
        "ScalingReplicaSet",
        "Scaled up replica set checkout-7d9f8 to 2",
        1,
        120);
    event(
        "e9",
        "ReplicaSet",
        REPLICA_SET,
        "Normal",
        "SuccessfulCreate",
        "Created pod: " + CRASHING,
        1,
        119);
  }

  private void event(
      String id,
      String kind,
      String name,
      String type,
      String reason,
      String message,
      int count,
      int minutesAgo) {
    client
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name + "." + id)
                .withNamespace(NS)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind(kind)
                .withName(name)
                .withNamespace(NS)
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withCount(count)
                .withFirstTimestamp(ago(Duration.ofMinutes(minutesAgo + 60L)))
                .withLastTimestamp(ago(Duration.ofMinutes(minutesAgo)))
                .build())
        .create();
  }

  String ago(Duration duration) {
    return now.minus(duration).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static Map<String, String> noSettings() {
    return Map.of("OATS_TARGET_NAMESPACE", NS);
  }
}
