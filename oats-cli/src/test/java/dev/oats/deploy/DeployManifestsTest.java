package dev.oats.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.oats.runner.kubernetes.KubernetesRunnerConfig;
import dev.oats.runner.kubernetes.ServerJobs;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders {@code deploy/base} and {@code deploy/overlays/postgres} with {@code kubectl kustomize},
 * as {@code kubectl apply -k} would, and checks the objects against what the server and the agent
 * actually do and the names they use by default.
 */
class DeployManifestsTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

  /** What kubectl_info reads (oats-tools ResourceKind, logs, top), as apiGroup/resource. */
  private static final Set<String> KUBECTL_INFO_READS =
      Set.of(
          "/pods",
          "/pods/log",
          "apps/deployments",
          "apps/statefulsets",
          "apps/daemonsets",
          "apps/replicasets",
          "batch/jobs",
          "batch/cronjobs",
          "/services",
          "/endpoints",
          "networking.k8s.io/ingresses",
          "/configmaps",
          "/nodes",
          "/namespaces",
          "/events",
          "/persistentvolumeclaims",
          "autoscaling/horizontalpodautoscalers",
          "metrics.k8s.io/pods",
          "metrics.k8s.io/nodes");

  private static Path root;
  private static List<JsonNode> base;
  private static List<JsonNode> postgres;
  private static KubernetesRunnerConfig defaults;
  private static Job job;

  @BeforeAll
  static void render() throws Exception {
    root = repositoryRoot();
    base = kustomize("deploy/base");
    postgres = kustomize("deploy/overlays/postgres");
    // The server's defaults, in a pod of namespace oats.
    defaults = ServerJobs.config(Map.of("OATS_JOB_NAMESPACE", "oats"));
    job = ServerJobs.job(defaults);
  }

  @Test
  void noWildcardVerbsResourcesOrGroups() {
    for (List<JsonNode> objects : List.of(base, postgres)) {
      for (JsonNode role : kinds(objects, "Role", "ClusterRole")) {
        for (JsonNode rule : role.path("rules")) {
          for (String field : List.of("verbs", "resources", "apiGroups", "resourceNames")) {
            assertThat(strings(rule.path(field)))
                .as("%s %s %s", role.path("kind").asText(), name(role), field)
                .noneMatch(s -> s.contains("*"));
          }
          assertThat(rule.has("nonResourceURLs")).as("nonResourceURLs in %s", name(role)).isFalse();
        }
      }
    }
  }

  @Test
  void agentRoleReadsWhatKubectlInfoReadsAndWritesNothingNorSeesSecrets() {
    JsonNode role = one(base, "ClusterRole", "oats-agent-read");
    Set<String> granted = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      assertThat(READ_VERBS).as("verbs of %s", rule).containsAll(strings(rule.path("verbs")));
      for (String resource : strings(rule.path("resources"))) {
        assertThat(resource).as("the agent must never read Secrets").isNotEqualTo("secrets");
        for (String group : strings(rule.path("apiGroups"))) {
          granted.add(group + "/" + resource);
        }
      }
    }
    assertThat(granted).containsAll(KUBECTL_INFO_READS);

    JsonNode binding = one(base, "ClusterRoleBinding", "oats-agent-read");
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("oats-agent-read");
    assertThat(subjects(binding))
        .containsExactly("ServiceAccount oats/" + defaults.serviceAccount());
    // Nothing else binds the agent: its only rights are these.
    for (JsonNode other : kinds(base, "RoleBinding", "ClusterRoleBinding")) {
      if (other != binding) {
        assertThat(subjects(other)).doesNotContain("ServiceAccount oats/oats-agent");
      }
    }
  }

  @Test
  void serverRoleIsExactlyWhatTheServerDoes() {
    JsonNode role = one(base, "Role", "oats-job-creator");
    assertThat(role.at("/metadata/namespace").asText()).isEqualTo(defaults.jobNamespace());
    Set<String> granted = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      for (String group : strings(rule.path("apiGroups"))) {
        for (String resource : strings(rule.path("resources"))) {
          for (String verb : strings(rule.path("verbs"))) {
            granted.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    Set<String> expected = new TreeSet<>();
    for (String verb : List.of("create", "get", "list", "watch", "delete")) {
      expected.add("batch/jobs:" + verb);
    }
    for (String verb : READ_VERBS) {
      expected.add("/pods:" + verb);
      expected.add("/pods/log:" + verb);
    }
    // Token Secrets: created, given an owner (patch), deleted; never read.
    for (String verb : List.of("create", "patch", "delete")) {
      expected.add("/secrets:" + verb);
    }
    // The reviewer election's Lease: read, created by the first replica, renewed by the leader.
    for (String verb : List.of("get", "create", "update")) {
      expected.add("coordination.k8s.io/leases:" + verb);
    }
    assertThat(granted).isEqualTo(expected);

    JsonNode binding = one(base, "RoleBinding", "oats-job-creator");
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("oats-job-creator");
    assertThat(subjects(binding)).containsExactly("ServiceAccount oats/oats-job-creator");
    assertThat(serverPod(base).path("serviceAccountName").asText()).isEqualTo("oats-job-creator");
  }

  @Test
  void theServerMayReviewTheAgentsPodTokensWhichItDoesByDefault() {
    assertThat(defaults.podTokens()).as("OATS_AGENT_AUTH=pod-token is the default").isTrue();
    JsonNode binding = one(base, "ClusterRoleBinding", "oats-job-creator-auth-delegator");
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("system:auth-delegator");
    assertThat(subjects(binding)).containsExactly("ServiceAccount oats/oats-job-creator");
  }

  @Test
  void theNamesTheServerUsesByDefaultAreTheNamesTheManifestsDefine() throws IOException {
    Map<String, JsonNode> env = serverEnv(base);
    assertThat(KubernetesRunnerConfig.DEFAULT_IMAGE).isEqualTo("localhost/oats-agent:0.1.0");
    assertThat(env.get("AGENT_IMAGE").path("value").asText()).isEqualTo(defaults.agentImage());
    assertThat(env.get("API_KEY_SECRET_NAME").path("value").asText())
        .isEqualTo(defaults.apiKeySecretName())
        .isEqualTo("oats-api-keys");
    assertThat(env.get("OATS_AGENT_SERVICE_ACCOUNT").path("value").asText())
        .isEqualTo(defaults.serviceAccount())
        .isEqualTo("oats-agent");
    assertThat(env.get("OATS_JOB_NAMESPACE").path("value").asText()).isEqualTo("oats");
    assertThat(env.get("OATS_SERVER_URL").path("value").asText()).isEqualTo(defaults.serverUrl());
    assertThat(env.get("OATS_RUNNER").path("value").asText()).isEqualTo("kubernetes");
    assertThat(env.get("OATS_DATA_DIR").path("value").asText()).isEqualTo("/data");
    assertThat(serverContainer(base).path("image").asText())
        .isEqualTo("localhost/oats-server:0.1.0");

    // The model keys reach the server from the Secret the Jobs use, with the same keys.
    assertSecretRef(env.get("ANTHROPIC_API_KEY"), defaults.apiKeySecretName(), "anthropic-api-key");
    assertSecretRef(env.get("OPENAI_API_KEY"), defaults.apiKeySecretName(), "openai-api-key");
    assertSecretRef(env.get("OATS_API_KEYS"), "oats-server-api-keys", "api-keys");

    // The Secret template documents exactly those names, and is not applied by kustomize.
    Map<String, Set<String>> templates = secretTemplates("deploy/base/secret.example.yaml");
    assertThat(templates.get(defaults.apiKeySecretName()))
        .containsExactlyInAnyOrder("anthropic-api-key", "openai-api-key");
    assertThat(templates.get("oats-server-api-keys")).containsExactly("api-keys");
    assertThat(kinds(base, "Secret")).as("no Secret is applied by kustomize").isEmpty();
    assertThat(kinds(postgres, "Secret")).as("no Secret is applied by kustomize").isEmpty();
    assertThat(
            strings(
                YAML.readTree(root.resolve("deploy/base/kustomization.yaml").toFile())
                    .path("resources")))
        .noneMatch(r -> r.contains("secret"));

    // The default OATS_SERVER_URL names the Service oats in namespace oats, on port 8000.
    assertServiceServes(base, defaults.serverUrl());
    assertThat(one(base, "ServiceAccount", defaults.serviceAccount())).isNotNull();
    assertThat(one(base, "Namespace", defaults.jobNamespace())).isNotNull();
  }

  @Test
  void theJobTheServerCreatesReferencesOnlyObjectsTheManifestsDefine() throws IOException {
    JsonNode jobJson = JSON.readTree(Serialization.asJson(job));
    String namespace = job.getMetadata().getNamespace();
    assertThat(one(base, "Namespace", namespace)).isNotNull();

    JsonNode pod = jobJson.at("/spec/template/spec");
    String serviceAccount = pod.path("serviceAccountName").asText();
    JsonNode account = one(base, "ServiceAccount", serviceAccount);
    assertThat(account.at("/metadata/namespace").asText()).isEqualTo(namespace);

    // Image: the one the Deployment tells the server to use.
    for (JsonNode container : pod.path("containers")) {
      assertThat(container.path("image").asText())
          .isEqualTo(serverEnv(base).get("AGENT_IMAGE").path("value").asText());
    }

    // Secrets: the model-key Secret documented by the template; no token Secret by default (the
    // agent sends its pod's projected token).
    Map<String, Set<String>> templates = secretTemplates("deploy/base/secret.example.yaml");
    String token = ServerJobs.tokenSecretName(job);
    List<String> referenced = new ArrayList<>();
    for (JsonNode container : pod.path("containers")) {
      for (JsonNode env : container.path("env")) {
        JsonNode ref = env.at("/valueFrom/secretKeyRef");
        if (ref.isMissingNode()) {
          continue;
        }
        String secret = ref.path("name").asText();
        referenced.add(secret);
        if (!secret.equals(token)) {
          assertThat(templates).as("Secret %s referenced by the Job", secret).containsKey(secret);
          assertThat(templates.get(secret)).contains(ref.path("key").asText());
        }
      }
      for (JsonNode from : container.path("envFrom")) {
        fail("the Job takes whole objects into its environment: " + from);
      }
    }
    assertThat(referenced).contains(defaults.apiKeySecretName()).doesNotContain(token);
    for (JsonNode volume : pod.path("volumes")) {
      assertThat(volume.has("secret") || volume.has("configMap") || volume.has("hostPath"))
          .as("the Job mounts only scratch volumes and its own token: %s", volume)
          .isFalse();
      for (JsonNode source : volume.at("/projected/sources")) {
        List<String> kinds = new ArrayList<>();
        source.fieldNames().forEachRemaining(kinds::add);
        assertThat(kinds)
            .as("a projected volume holds the pod's token alone: %s", volume)
            .containsExactly("serviceAccountToken");
        assertThat(source.at("/serviceAccountToken/audience").asText()).isEqualTo("oats");
      }
    }

    // The server URL the agent reports to is the Service the manifests define.
    String serverUrl =
        stream(pod.path("containers").get(0).path("env"))
            .filter(e -> e.path("name").asText().equals("OATS_SERVER_URL"))
            .findFirst()
            .orElseThrow()
            .path("value")
            .asText();
    assertServiceServes(base, serverUrl);

    // The agent NetworkPolicy selects the Job's pods and lets them reach the server pods on 8000.
    Map<String, String> labels = ServerJobs.podLabels(job);
    JsonNode policy = one(base, "NetworkPolicy", "oats-agent-egress");
    assertThat(selects(policy.at("/spec/podSelector"), labels)).isTrue();
    assertThat(strings(policy.path("spec").path("policyTypes"))).contains("Egress");
    Map<String, String> serverLabels = labels(serverPodTemplate(base).at("/metadata/labels"));
    boolean reachesServer = false;
    for (JsonNode rule : policy.at("/spec/egress")) {
      boolean toServer =
          stream(rule.path("to"))
              .anyMatch(
                  to ->
                      to.has("podSelector")
                          && !to.has("namespaceSelector")
                          && selects(to.path("podSelector"), serverLabels));
      boolean on8000 = stream(rule.path("ports")).anyMatch(p -> p.path("port").asInt() == 8000);
      reachesServer |= toServer && on8000;
    }
    assertThat(reachesServer).as("agent egress to the server on 8000").isTrue();
  }

  @Test
  void securityContextIsRestrictedEverywhere() throws IOException {
    for (List<JsonNode> objects : List.of(base, postgres)) {
      JsonNode ns = one(objects, "Namespace", "oats");
      assertThat(ns.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText())
          .isEqualTo("restricted");
      int pods = 0;
      for (JsonNode object : objects) {
        JsonNode template = podTemplateOf(object);
        if (template != null) {
          assertRestricted(object.path("kind").asText() + " " + name(object), template);
          pods++;
        }
      }
      assertThat(pods).isPositive();
    }
    assertRestricted(
        "the agent Job", JSON.readTree(Serialization.asJson(job)).at("/spec/template/spec"));
  }

  @Test
  void baseKeepsTheEmbeddedDatabaseOnAVolume() {
    assertThat(one(base, "PersistentVolumeClaim", "oats-data")).isNotNull();
    JsonNode pod = serverPod(base);
    assertThat(stream(pod.path("volumes")).filter(v -> v.path("name").asText().equals("data")))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.at("/persistentVolumeClaim/claimName").asText())
                    .isEqualTo("oats-data"));
    assertThat(serverEnv(base)).doesNotContainKey("OATS_DB_URL");
    JsonNode deployment = one(base, "Deployment", "oats");
    assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
    JsonNode container = serverContainer(base);
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/resources/requests").size()).isEqualTo(2);
    assertThat(container.at("/resources/limits").size()).isEqualTo(2);
  }

  @Test
  void postgresOverlayUsesAnExternalDatabaseAndNoVolume() throws IOException {
    assertThat(kinds(postgres, "PersistentVolumeClaim")).isEmpty();
    Map<String, JsonNode> env = serverEnv(postgres);
    Map<String, Set<String>> templates =
        secretTemplates("deploy/overlays/postgres/secret.example.yaml");
    assertSecretRef(env.get("OATS_DB_URL"), "oats-postgres", "url");
    assertSecretRef(env.get("OATS_DB_USER"), "oats-postgres", "user");
    assertSecretRef(env.get("OATS_DB_PASSWORD"), "oats-postgres", "password");
    assertThat(templates.get("oats-postgres")).containsExactlyInAnyOrder("url", "user", "password");
    // Keys from the Secret when it exists, else kept (hashed) in the database by the server.
    assertSecretRef(env.get("OATS_API_KEYS"), "oats-server-api-keys", "api-keys");
    assertThat(env.get("OATS_API_KEYS").at("/valueFrom/secretKeyRef/optional").asBoolean(false))
        .isTrue();
    for (JsonNode volume : serverPod(postgres).path("volumes")) {
      assertThat(volume.has("persistentVolumeClaim")).as("volume %s", volume).isFalse();
    }
    // Everything else is the base's, plus the disruption budget of the replicas.
    Set<String> baseNames = identities(base);
    baseNames.remove("PersistentVolumeClaim oats/oats-data");
    baseNames.add("PodDisruptionBudget oats/oats");
    assertThat(identities(postgres)).isEqualTo(baseNames);
  }

  @Test
  void postgresOverlayRunsThreeReplicasReplacedOneByOneAndNeverFewerThanTwo() {
    JsonNode deployment = one(postgres, "Deployment", "oats");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asText())
        .isEqualTo("0");
    assertThat(deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt()).isPositive();

    JsonNode budget = one(postgres, "PodDisruptionBudget", "oats");
    assertThat(budget.path("apiVersion").asText()).isEqualTo("policy/v1");
    int minAvailable = budget.at("/spec/minAvailable").asInt(-1);
    int maxUnavailable = budget.at("/spec/maxUnavailable").asInt(-1);
    assertThat(minAvailable == 2 || maxUnavailable == 1)
        .as("minAvailable 2 or maxUnavailable 1: %s", budget.path("spec"))
        .isTrue();
    assertThat(labels(serverPodTemplate(postgres).at("/metadata/labels")))
        .containsAllEntriesOf(labels(budget.at("/spec/selector/matchLabels")));
    assertThat(labels(budget.at("/spec/selector/matchLabels"))).isNotEmpty();

    // Out of the Service while the replica cannot reach its database: /readyz says so.
    JsonNode container = serverContainer(postgres);
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(stream(container.path("ports")).map(p -> p.path("name").asText())).contains("http");
    assertThat(container.at("/readinessProbe/timeoutSeconds").asInt())
        .as("longer than the 2 s /readyz waits for the database")
        .isGreaterThan(2);
    assertThat(container.at("/livenessProbe/httpGet/path").asText())
        .as("a database outage must not restart the replicas")
        .isEqualTo("/healthz");
  }

  @Test
  void postgresOverlayTakesEverySecretFromASecretNeverInline() {
    Map<String, JsonNode> env = serverEnv(postgres);
    assertSecretRef(env.get("OATS_DB_URL"), "oats-postgres", "url");
    for (JsonNode variable : env.values()) {
      String name = variable.path("name").asText();
      // Every setting OATS treats as a secret, and the URL, which may carry a password.
      boolean secret =
          name.equals("OATS_DB_URL") || dev.oats.config.OatsConfig.SECRET_VARIABLES.contains(name);
      if (secret) {
        assertThat(variable.has("value")).as("%s is written inline", name).isFalse();
        assertThat(variable.at("/valueFrom/secretKeyRef/name").asText())
            .as("%s comes from a Secret", name)
            .isNotEmpty();
      }
    }
    assertThat(kinds(postgres, "Secret")).as("no Secret is applied by kustomize").isEmpty();
    // The runbooks are files the server reads, not settings; nothing else comes from a ConfigMap.
    assertThat(kinds(postgres, "ConfigMap"))
        .extracting(DeployManifestsTest::name)
        .as("no ConfigMap carries settings")
        .allMatch(name -> name.startsWith("oats-runbooks"));
  }

  /**
   * The image build says at once that it needs Docker or Podman, or a daemon that answers, before
   * the jar's build of several minutes, rather than failing with "docker: command not found" after
   * it.
   */
  @Test
  void theImageBuildSaysFirstWhenNoContainerEngineCanBuild(@TempDir Path bin) throws Exception {
    // The tools the script needs but no docker or podman: a PATH of links to them.
    for (String tool : List.of("bash", "dirname", "readlink", "sed", "head", "ls", "sort", "env")) {
      Optional<Path> found =
          Stream.of("/usr/bin", "/bin")
              .map(d -> Path.of(d, tool))
              .filter(Files::isExecutable)
              .findFirst();
      if (found.isPresent()) {
        Files.createSymbolicLink(bin.resolve(tool), found.get());
      }
    }
    Result none = runBuildScript(bin, Map.of());
    assertThat(none.exitCode()).as(none.output()).isEqualTo(1);
    assertThat(none.output())
        .contains("needs Docker or Podman on the PATH, and neither was found")
        .doesNotContain("command not found");

    // A docker whose daemon does not answer, as on this machine and many laptops.
    Path docker = bin.resolve("docker");
    Files.writeString(
        docker, "#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n");
    docker.toFile().setExecutable(true);
    Result stopped = runBuildScript(bin, Map.of());
    assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(1);
    assertThat(stopped.output()).contains("docker is installed but does not answer");
  }

  private record Result(int exitCode, String output) {}

  private static Result runBuildScript(Path bin, Map<String, String> extra) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(bin.resolve("bash").toString(), "deploy/images/build.sh")
            .directory(root.toFile())
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", bin.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(extra);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  @Test
  void imagesAreDefinedForTheNamesAndUserTheManifestsUse() throws IOException {
    String agent = Files.readString(root.resolve("deploy/images/agent.Dockerfile"));
    String server = Files.readString(root.resolve("deploy/images/server.Dockerfile"));
    String build = Files.readString(root.resolve("deploy/images/build.sh"));
    for (String dockerfile : List.of(agent, server)) {
      assertThat(dockerfile)
          .contains("ARG JRE_IMAGE=eclipse-temurin:25-jre")
          .contains("ARG UID=10001")
          .contains("USER ${UID}:${UID}")
          .contains("COPY oats-cli/target/oats.jar /app/oats.jar");
    }
    // The AOT cache is trained on an agent run up to its first model request.
    assertThat(Files.readString(root.resolve("deploy/images/train-aot.sh")))
        .contains("-XX:AOTCacheOutput=\"$out\" -jar \"$jar\" agent");
    assertThat(agent)
        .contains("RUN /app/train-aot.sh java /app/oats.jar /app/oats.aot")
        .contains(
            "ENTRYPOINT [\"java\", \"-XX:AOTCache=/app/oats.aot\", \"-jar\", \"/app/oats.jar\","
                + " \"agent\"]");
    // ... with the JVM options the agent runs with: a cache made under other options (another
    // collector) is partly or wholly unusable.
    assertThat(agent.indexOf("ENV JAVA_TOOL_OPTIONS=\"-XX:MaxRAMPercentage=75"))
        .isNotNegative()
        .isLessThan(agent.indexOf("RUN /app/train-aot.sh"));
    assertThat(server).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/oats.jar\", \"server\"]");
    // The Deployment's environment overrides the image's: it sets the server's JVM options as the
    // image does, so that the pod runs what the memory benchmark measured.
    String imageOptions = server.replaceAll("(?s).*JAVA_TOOL_OPTIONS=\"([^\"]*)\".*", "$1");
    assertThat(imageOptions).contains("-XX:+UseSerialGC");
    List<String> podOptions = new ArrayList<>();
    serverContainer(base)
        .path("env")
        .forEach(
            e -> {
              if (e.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
                podOptions.add(e.path("value").asText());
              }
            });
    assertThat(podOptions).containsExactly(imageOptions);
    // The user the images run as is the one the pods ask for.
    assertThat(serverPod(base).at("/securityContext/runAsUser").asLong()).isEqualTo(10001);
    assertThat(job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
        .isEqualTo(10001);
    // build.sh makes the images under the names the Deployment and the server use by default.
    String serverImage = serverContainer(base).path("image").asText();
    String agentImage = KubernetesRunnerConfig.DEFAULT_IMAGE;
    assertThat(build).contains("registry=\"${OATS_IMAGE_REGISTRY:-localhost}\"");
    assertThat(build).contains("tag=\"${1:-0.1.0}\"");
    assertThat(serverImage).isEqualTo("localhost/oats-server:0.1.0");
    assertThat(agentImage).isEqualTo("localhost/oats-agent:0.1.0");
    assertThat(build).contains("$registry/oats-server:$tag").contains("$registry/oats-agent:$tag");
    assertThat(Files.readString(root.resolve(".dockerignore")))
        .contains("!oats-cli/target/oats.jar");
  }

  // ---- checks ----

  @Test
  void theAlertmanagerTokenComesFromItsSecretAndTheRunbooksFromTheirConfigMap() throws IOException {
    for (List<JsonNode> rendered : List.of(base, postgres)) {
      Map<String, JsonNode> env = serverEnv(rendered);
      assertSecretRef(env.get("OATS_ALERTMANAGER_TOKEN"), "oats-alertmanager-webhook", "token");
      String dir = env.get("OATS_RUNBOOKS_DIR").path("value").asText();
      JsonNode mount =
          stream(serverContainer(rendered).path("volumeMounts"))
              .filter(m -> m.path("mountPath").asText().equals(dir))
              .findFirst()
              .orElseThrow(() -> new AssertionError("nothing is mounted at " + dir));
      assertThat(mount.path("readOnly").asBoolean()).isTrue();
      JsonNode volume =
          stream(serverPod(rendered).path("volumes"))
              .filter(v -> v.path("name").asText().equals(mount.path("name").asText()))
              .findFirst()
              .orElseThrow();
      String configMap = volume.at("/configMap/name").asText();
      assertThat(kinds(rendered, "ConfigMap").stream().map(DeployManifestsTest::name))
          .contains(configMap);
    }
    assertThat(secretTemplates("deploy/base/secret.example.yaml").get("oats-alertmanager-webhook"))
        .containsExactly("token");
    // The runbooks shipped in the ConfigMap are all usable.
    dev.oats.tools.runbooks.RunbookLibrary shipped =
        dev.oats.tools.runbooks.RunbookLibrary.load(root.resolve("deploy/base/runbooks"));
    assertThat(shipped.problems()).isEmpty();
    assertThat(shipped.runbooks()).isNotEmpty();
  }

  private static void assertRestricted(String where, JsonNode pod) {
    JsonNode podContext = pod.path("securityContext");
    assertThat(pod.path("hostNetwork").asBoolean(false)).as("%s hostNetwork", where).isFalse();
    assertThat(pod.path("hostPID").asBoolean(false)).as("%s hostPID", where).isFalse();
    assertThat(pod.path("hostIPC").asBoolean(false)).as("%s hostIPC", where).isFalse();
    assertThat(podContext.at("/seccompProfile/type").asText())
        .as("%s seccompProfile", where)
        .isEqualTo("RuntimeDefault");
    assertThat(podContext.path("runAsUser").asLong(1)).as("%s runAsUser", where).isNotZero();
    for (JsonNode volume : pod.path("volumes")) {
      assertThat(volume.has("hostPath")).as("%s hostPath volume", where).isFalse();
    }
    List<JsonNode> containers = new ArrayList<>();
    pod.path("containers").forEach(containers::add);
    pod.path("initContainers").forEach(containers::add);
    assertThat(containers).as("%s containers", where).isNotEmpty();
    for (JsonNode container : containers) {
      String what = where + " container " + container.path("name").asText();
      JsonNode context = container.path("securityContext");
      boolean nonRoot =
          context.path("runAsNonRoot").asBoolean(podContext.path("runAsNonRoot").asBoolean(false));
      assertThat(nonRoot).as("%s runAsNonRoot", what).isTrue();
      assertThat(context.path("allowPrivilegeEscalation").asBoolean(true))
          .as("%s allowPrivilegeEscalation", what)
          .isFalse();
      assertThat(context.path("privileged").asBoolean(false)).as("%s privileged", what).isFalse();
      assertThat(context.path("readOnlyRootFilesystem").asBoolean(false))
          .as("%s readOnlyRootFilesystem", what)
          .isTrue();
      assertThat(strings(context.at("/capabilities/drop"))).as("%s drop", what).contains("ALL");
      assertThat(strings(context.at("/capabilities/add"))).as("%s add", what).isEmpty();
      assertThat(context.path("runAsUser").asLong(1)).as("%s runAsUser", what).isNotZero();
    }
  }

  private static void assertSecretRef(JsonNode env, String secret, String key) {
    assertThat(env).as("env var from Secret %s", secret).isNotNull();
    assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo(secret);
    assertThat(env.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo(key);
  }

  private static void assertServiceServes(List<JsonNode> objects, String url) {
    URI uri = URI.create(url);
    String[] host = uri.getHost().split("\\.");
    assertThat(host).as("an in-cluster Service host in %s", url).hasSizeGreaterThanOrEqualTo(3);
    assertThat(host[2]).isEqualTo("svc");
    JsonNode service = one(objects, "Service", host[0]);
    assertThat(service.at("/metadata/namespace").asText()).isEqualTo(host[1]);
    assertThat(stream(service.at("/spec/ports")).map(p -> p.path("port").asInt()))
        .contains(uri.getPort());
    Map<String, String> serverLabels = labels(serverPodTemplate(objects).at("/metadata/labels"));
    assertThat(labels(service.at("/spec/selector"))).isNotEmpty();
    assertThat(serverLabels).containsAllEntriesOf(labels(service.at("/spec/selector")));
    JsonNode port = serverContainer(objects).path("ports").get(0);
    assertThat(port.path("containerPort").asInt()).isEqualTo(8000);
  }

  // ---- rendering and reading ----

  private static List<JsonNode> kustomize(String dir) throws Exception {
    String kubectl = kubectl();
    Process process =
        new ProcessBuilder(kubectl, "kustomize", dir)
            .directory(root.toFile())
            .redirectErrorStream(false)
            .start();
    var out = process.getInputStream().readAllBytes();
    var err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("kubectl kustomize " + dir + " did not finish in 60 s");
    }
    if (process.exitValue() != 0) {
      fail(
          "kubectl kustomize "
              + dir
              + " failed ("
              + process.exitValue()
              + "): "
              + new String(err, StandardCharsets.UTF_8));
    }
    List<JsonNode> objects = new ArrayList<>();
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          objects.add(doc);
        }
      }
    }
    assertThat(objects).as("objects rendered from %s", dir).isNotEmpty();
    return objects;
  }

  private static String kubectl() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "kubectl"));
      }
    }
    candidates.add(Path.of("/usr/bin/kubectl"));
    candidates.add(Path.of("/usr/local/bin/kubectl"));
    Optional<Path> found = candidates.stream().filter(Files::isExecutable).findFirst();
    if (found.isEmpty()) {
      fail(
          "kubectl is not installed: this test renders deploy/ with `kubectl kustomize`. Install"
              + " kubectl (https://kubernetes.io/docs/tasks/tools/) and put it on the PATH.");
    }
    return found.get().toString();
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("deploy/base")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new AssertionError("no deploy/base above " + Path.of("").toAbsolutePath());
  }

  /** Secret name to its keys, from a template file that is not applied. */
  private static Map<String, Set<String>> secretTemplates(String file) throws IOException {
    Map<String, Set<String>> secrets = new HashMap<>();
    try (var docs =
        YAML.readerFor(JsonNode.class).<JsonNode>readValues(root.resolve(file).toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && "Secret".equals(doc.path("kind").asText())) {
          Set<String> keys = new TreeSet<>();
          doc.path("stringData").fieldNames().forEachRemaining(keys::add);
          doc.path("data").fieldNames().forEachRemaining(keys::add);
          secrets.put(name(doc), keys);
        }
      }
    }
    return secrets;
  }

  private static JsonNode podTemplateOf(JsonNode object) {
    return switch (object.path("kind").asText()) {
      case "Pod" -> object.path("spec");
      case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" ->
          object.at("/spec/template/spec");
      case "CronJob" -> object.at("/spec/jobTemplate/spec/template/spec");
      default -> null;
    };
  }

  private static JsonNode serverPodTemplate(List<JsonNode> objects) {
    return one(objects, "Deployment", "oats").at("/spec/template");
  }

  private static JsonNode serverPod(List<JsonNode> objects) {
    return serverPodTemplate(objects).path("spec");
  }

  private static JsonNode serverContainer(List<JsonNode> objects) {
    return stream(serverPod(objects).path("containers"))
        .filter(c -> c.path("name").asText().equals("oats-server"))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, JsonNode> serverEnv(List<JsonNode> objects) {
    Map<String, JsonNode> env = new HashMap<>();
    for (JsonNode var : serverContainer(objects).path("env")) {
      assertThat(env.put(var.path("name").asText(), var)).as("duplicate env %s", var).isNull();
    }
    return env;
  }

  private static boolean selects(JsonNode selector, Map<String, String> labels) {
    assertThat(selector.has("matchExpressions")).isFalse();
    Map<String, String> wanted = labels(selector.path("matchLabels"));
    return !wanted.isEmpty() && labels.entrySet().containsAll(wanted.entrySet());
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> labels = new HashMap<>();
    node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  private static List<String> subjects(JsonNode binding) {
    return stream(binding.path("subjects"))
        .map(
            s ->
                s.path("kind").asText()
                    + " "
                    + s.path("namespace").asText()
                    + "/"
                    + s.path("name").asText())
        .toList();
  }

  private static Set<String> identities(List<JsonNode> objects) {
    Set<String> ids = new HashSet<>();
    for (JsonNode o : objects) {
      String ns = o.at("/metadata/namespace").asText("");
      ids.add(o.path("kind").asText() + " " + (ns.isEmpty() ? "" : ns + "/") + name(o));
    }
    return ids;
  }

  private static List<JsonNode> kinds(List<JsonNode> objects, String... kinds) {
    Set<String> wanted = Set.of(kinds);
    return objects.stream().filter(o -> wanted.contains(o.path("kind").asText())).toList();
  }

  private static JsonNode one(List<JsonNode> objects, String kind, String name) {
    List<JsonNode> found = kinds(objects, kind).stream().filter(o -> name(o).equals(name)).toList();
    assertThat(found).as("%s %s in the rendered manifests", kind, name).hasSize(1);
    return found.get(0);
  }

  private static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }

  private static List<String> strings(JsonNode array) {
    return stream(array).map(JsonNode::asText).toList();
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(list::add);
    }
    return list.stream();
  }
}
