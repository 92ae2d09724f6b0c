package dev.oats.runner.kubernetes;

import dev.oats.config.ConfigException;
import dev.oats.config.ConfigValue;
import dev.oats.config.KubernetesConfig;
import dev.oats.config.OatsConfig;
import dev.oats.config.Source;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the Kubernetes runner makes agent Jobs: the {@link KubernetesConfig} of the one
 * configuration, completed with what only the runner can know (the pod's own namespace) and
 * checked.
 *
 * @param agentImage {@code AGENT_IMAGE}: the image whose entry point is {@code oats agent}
 * @param apiKeySecretName {@code API_KEY_SECRET_NAME}: the Secret with the model keys ({@code
 *     anthropic-api-key}, {@code openai-api-key})
 * @param jobNamespace {@code OATS_JOB_NAMESPACE}: where Jobs and their token Secrets are made;
 *     default the server pod's own namespace, else {@code oats}
 * @param serviceAccount {@code OATS_AGENT_SERVICE_ACCOUNT}: the agent pods' service account, whose
 *     rights are what the agent may read in the cluster
 * @param serverUrl {@code OATS_SERVER_URL}: how agents reach this server to deliver their events
 * @param resources the agent container's requests and limits
 * @param activeDeadlineSeconds the Job's deadline: the investigation's own timeout ({@code
 *     OATS_TIMEOUT_SECONDS}) plus two minutes for the pod to start and report
 * @param reportGrace {@code OATS_AGENT_REPORT_GRACE_SECONDS}: how long after its Job has ended an
 *     agent's last events may still arrive before the server decides it never reported
 * @param startGrace {@code OATS_AGENT_START_GRACE_SECONDS}: how long an agent pod may fail to start
 *     its container (image pull, configuration error) before the investigation fails
 * @param passThrough the agent settings the server has, handed to each Job as they are
 * @param podTokens {@code OATS_AGENT_AUTH=pod-token}: the agent proves itself with its pod's
 *     projected service-account token, checked by a TokenReview, instead of a token Secret per Job
 */
public record KubernetesRunnerConfig(
    String agentImage,
    String apiKeySecretName,
    String jobNamespace,
    String serviceAccount,
    String serverUrl,
    Resources resources,
    long activeDeadlineSeconds,
    Duration reportGrace,
    Duration startGrace,
    Map<String, String> passThrough,
    boolean podTokens) {

  /** The audience of an agent pod's projected token: tokens for any other audience are refused. */
  public static final String TOKEN_AUDIENCE = "oats";

  public static final String DEFAULT_IMAGE = "localhost/oats-agent:0.1.0";

  /** Where Kubernetes tells a pod its own namespace. */
  public static final Path NAMESPACE_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  /**
   * The settings an agent needs to behave as the server is configured, never secrets: keys reach
   * the pod through Secret references only.
   */
  static final List<String> PASSED_THROUGH =
      List.of(
          "OATS_PROVIDER",
          "OATS_MODEL",
          "OATS_PROTOCOL",
          "OATS_TIMEOUT_SECONDS",
          "OATS_CONTEXT_BUDGET",
          "OATS_MAX_OUTPUT_TOKENS",
          "OATS_MODEL_TIMEOUT_SECONDS",
          "OATS_MODEL_MAX_RETRIES",
          "OATS_APPROVAL_WAIT_SECONDS",
          "OATS_TRACE_CONTENT",
          "ANTHROPIC_BASE_URL",
          "OPENAI_BASE_URL",
          "OATS_PROMETHEUS_URL",
          "OATS_LOG_LEVEL",
          "OATS_LOG_FORMAT");

  /**
   * The settings an agent Job gets that are URLs (passed through, or the trace exporter's endpoints
   * forwarded with a trace). One that carries credentials (a user or password before its host, or a
   * query, where gateways take tokens) is not written into the Job: the agent reads it from the key
   * Secret (see {@link #keyInSecret}), since anyone who can read Jobs, the model's own kubectl
   * tools included, reads a Job's plain environment.
   */
  static final Set<String> URLS =
      Set.of(
          "ANTHROPIC_BASE_URL",
          "OPENAI_BASE_URL",
          "OATS_PROMETHEUS_URL",
          "OTEL_EXPORTER_OTLP_ENDPOINT",
          "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");

  private static final Logger log = LoggerFactory.getLogger(KubernetesRunnerConfig.class);

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final long START_AND_REPORT_SECONDS = 120;

  /**
   * The agent container's resources.
   *
   * @param cpuRequest {@code OATS_AGENT_CPU_REQUEST}, default 250m
   * @param memoryRequest {@code OATS_AGENT_MEMORY_REQUEST}, default 512Mi
   * @param cpuLimit {@code OATS_AGENT_CPU_LIMIT}, default 1
   * @param memoryLimit {@code OATS_AGENT_MEMORY_LIMIT}, default 1Gi
   */
  public record Resources(
      String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {}

  public KubernetesRunnerConfig {
    passThrough = Map.copyOf(passThrough);
  }

  /**
   * From the configuration, taking the default Job namespace from the pod's own when in a cluster.
   */
  public static KubernetesRunnerConfig from(OatsConfig config) {
    return from(config, NAMESPACE_FILE);
  }

  /** From the environment alone (tests, and callers that have no {@code oats.yaml}). */
  public static KubernetesRunnerConfig from(Map<String, String> env) {
    return from(OatsConfig.fromEnvironment(env), NAMESPACE_FILE);
  }

  static KubernetesRunnerConfig from(Map<String, String> env, Path namespaceFile) {
    return from(OatsConfig.fromEnvironment(env), namespaceFile);
  }

  static KubernetesRunnerConfig from(OatsConfig oats, Path namespaceFile) {
    KubernetesConfig kube = oats.kubernetes();
    String namespace =
        kube.jobNamespace() != null ? kube.jobNamespace() : ownNamespace(namespaceFile);
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new ConfigException(
          "OATS_JOB_NAMESPACE must be a Kubernetes namespace name, not '" + namespace + "'");
    }
    Resources resources =
        new Resources(
            quantity("OATS_AGENT_CPU_REQUEST", kube.cpuRequest()),
            quantity("OATS_AGENT_MEMORY_REQUEST", kube.memoryRequest()),
            quantity("OATS_AGENT_CPU_LIMIT", kube.cpuLimit()),
            quantity("OATS_AGENT_MEMORY_LIMIT", kube.memoryLimit()));
    // What the server was told, wherever it was told it (oats.yaml or environment); defaults are
    // the agent's own already.
    Map<String, String> passThrough = new LinkedHashMap<>();
    for (String name : PASSED_THROUGH) {
      ConfigValue value = oats.values().get(name);
      if (value != null && value.source().kind() != Source.Kind.DEFAULT && !value.secret()) {
        passThrough.put(name, value.value());
      }
    }
    passThrough.forEach(
        (name, value) -> {
          if (carriesCredentials(name, value)) {
            // The value is never logged: it is the credential.
            log.warn(
                "{} carries credentials (a user, a password or a query in the URL): agent Jobs read"
                    + " it from key '{}' of Secret '{}' instead of plain text in the Job. Put the"
                    + " whole URL there, or the agents run without it.",
                name,
                keyInSecret(name),
                kube.apiKeySecretName());
          }
        });
    String serverUrl =
        kube.serverUrl() != null ? kube.serverUrl() : "http://oats." + namespace + ".svc:8000";
    return new KubernetesRunnerConfig(
        kube.agentImage(),
        kube.apiKeySecretName(),
        namespace,
        kube.serviceAccount(),
        stripSlash(serverUrl),
        resources,
        oats.deadline().toSeconds() + START_AND_REPORT_SECONDS,
        kube.reportGrace(),
        kube.startGrace(),
        passThrough,
        "pod-token".equals(kube.agentAuth()));
  }

  /**
   * Whether a passed-through setting must reach the agent through the key Secret: a URL with a user
   * or password before its host, or with a query, or one that does not parse (it cannot be judged).
   */
  static boolean carriesCredentials(String name, String value) {
    if (!URLS.contains(name)) {
      return false;
    }
    try {
      URI uri = new URI(value);
      return uri.getRawUserInfo() != null || uri.getRawQuery() != null;
    } catch (URISyntaxException e) {
      return true;
    }
  }

  /**
   * The key of the key Secret that holds a setting: {@code OATS_PROMETHEUS_URL} → {@code
   * oats-prometheus-url}.
   */
  static String keyInSecret(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String ownNamespace(Path namespaceFile) {
    try {
      if (Files.isReadable(namespaceFile)) {
        String namespace = Files.readString(namespaceFile).strip();
        if (!namespace.isEmpty()) {
          return namespace;
        }
      }
    } catch (IOException e) {
      // Outside a pod, or a projected volume we cannot read: the documented default applies.
    }
    return "oats";
  }

  private static String quantity(String name, String raw) {
    try {
      Quantity.getAmountInBytes(new Quantity(raw));
      return raw;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigException(
          name + " must be a Kubernetes quantity such as 500m, 2 or 1Gi, not '" + raw + "'");
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
