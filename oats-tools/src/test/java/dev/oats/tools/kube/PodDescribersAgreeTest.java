package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.testkit.CrudApiServer;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolProvider;
import dev.oats.tool.ToolResult;
import dev.oats.tools.files.FileTools;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same pod read two ways, {@code kubectl_info describe} from the API and {@code yaml_parser}
 * from a saved manifest, shows the same containers section: one view writes both, so the two cannot
 * drift apart again (they once printed a probe as "HTTP GET /healthz on port 8080" and as "http-get
 * http://:8080/healthz").
 */
class PodDescribersAgreeTest {

  private static final CrudApiServer API = new CrudApiServer();

  private static final String POD =
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: checkout-7d9f8-x2k4q
        namespace: shop
      spec:
        serviceAccountName: checkout
        initContainers:
          - name: migrate
            image: ghcr.io/acme/checkout-migrate:1.4.2
            command: [/migrate, --up]
        containers:
          - name: app
            image: ghcr.io/acme/checkout:1.4.2
            args: [--port, "8080"]
            ports:
              - {name: http, containerPort: 8080}
              - {containerPort: 9090, protocol: UDP}
            env:
              - {name: LOG_LEVEL, value: debug}
              - name: DB_PASSWORD
                valueFrom: {secretKeyRef: {name: db-credentials, key: password}}
              - name: FLAGS
                valueFrom: {configMapKeyRef: {name: checkout-config, key: flags}}
              - name: POD_IP
                valueFrom: {fieldRef: {fieldPath: status.podIP}}
            envFrom:
              - secretRef: {name: payment-keys}
            resources:
              requests: {cpu: 250m, memory: 256Mi}
              limits: {memory: 512Mi}
            livenessProbe:
              httpGet: {path: /healthz, port: 8080}
              initialDelaySeconds: 15
              failureThreshold: 5
            readinessProbe:
              tcpSocket: {port: http}
            volumeMounts:
              - {name: config, mountPath: /etc/checkout, readOnly: true}
          - name: sidecar
            image: envoyproxy/envoy:v1.30
        volumes:
          - name: config
            configMap: {name: checkout-config}
      status:
        phase: Running
        initContainerStatuses:
          - name: migrate
            ready: true
            restartCount: 0
            state: {terminated: {reason: Completed, exitCode: 0}}
        containerStatuses:
          - name: app
            ready: false
            restartCount: 4
            state:
              waiting: {reason: CrashLoopBackOff, message: back-off 40s restarting failed container}
            lastState: {terminated: {reason: OOMKilled, exitCode: 137}}
          - name: sidecar
            ready: true
            restartCount: 0
            state: {running: {}}
      """;

  static KubernetesClient client = API.client;

  @BeforeAll
  static void createThePod() {
    Pod pod = client.getKubernetesSerialization().unmarshal(POD, Pod.class);
    client.resource(pod).create();
  }

  @Test
  void describeFromTheApiAndTheSummaryOfTheManifestShowTheSameContainers() throws Exception {
    ToolResult described =
        new ToolHarness(client)
            .call(
                "{\"action\":\"describe\",\"resource\":\"pod\",\"name\":\"checkout-7d9f8-x2k4q\"}");
    ToolResult summarised = yamlParser().execute(args("content", POD), ToolHarness.context());
    assertThat(described.status()).as(described.error()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(summarised.status()).as(summarised.error()).isEqualTo(ToolResult.Status.SUCCESS);

    String fromApi = containers(described.output());
    String fromFile = containers(summarised.output());

    assertThat(fromFile).isEqualTo(fromApi);
    // What kubectl describe shows for the same pod, in its words where ours follow them.
    assertThat(fromApi)
        .startsWith(
            "Init containers:\n  migrate:\n    Image: ghcr.io/acme/checkout-migrate:1.4.2\n")
        .contains("    State: Terminated: Completed, exit 0")
        .contains("    Command: /migrate --up\n")
        .contains(
            "    State: Waiting: CrashLoopBackOff — back-off 40s restarting failed container\n")
        .contains("    Last termination: Terminated: OOMKilled")
        .contains("    Ready: false   Restarts: 4\n")
        .contains("    Args: --port 8080\n")
        .contains("    Ports: 8080/TCP (http), 9090/UDP\n")
        .contains("    Requests: cpu=250m, memory=256Mi\n    Limits: memory=512Mi\n")
        .contains(
            "    Liveness: http-get http://:8080/healthz delay=15s timeout=1s period=10s failure=5\n")
        .contains("    Readiness: tcp-socket :http delay=0s timeout=1s period=10s failure=3\n")
        .contains("      LOG_LEVEL=debug\n")
        .contains("      DB_PASSWORD <- secret db-credentials key password\n")
        .contains("      FLAGS <- configmap checkout-config key flags\n")
        .contains("      POD_IP <- field status.podIP\n")
        .contains("      all keys of secret payment-keys\n")
        .contains("    Mounts: /etc/checkout from config (ro)\n")
        .contains("  sidecar:\n    Image: envoyproxy/envoy:v1.30\n    State: Running since");
  }

  private static Tool yamlParser() {
    return FileTools.offers(Map.of()).stream()
        .map(ToolProvider.Offer::tool)
        .filter(tool -> tool != null && tool.name().equals("yaml_parser"))
        .findFirst()
        .orElseThrow();
  }

  private static ObjectNode args(String name, String value) {
    return new ObjectMapper().createObjectNode().put(name, value);
  }

  /**
   * The lines from "Init containers:" to the end of the "Containers:" section, unindented by the
   * indent of that title (the summary nests them one level deeper than describe does).
   */
  static String containers(String text) {
    List<String> lines = text.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("Init containers:")) {
        start = i;
        break;
      }
    }
    assertThat(start).as("no Init containers section in:\n%s", text).isNotNegative();
    int indent = lines.get(start).indexOf('I');
    List<String> section = new ArrayList<>();
    for (int i = start; i < lines.size(); i++) {
      String line = lines.get(i);
      boolean title = line.strip().equals("Init containers:") || line.strip().equals("Containers:");
      int own = line.length() - line.stripLeading().length();
      if (!title && own <= indent) {
        break;
      }
      if (title && own != indent) {
        break;
      }
      section.add(line.substring(indent));
    }
    return String.join("\n", section) + "\n";
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
