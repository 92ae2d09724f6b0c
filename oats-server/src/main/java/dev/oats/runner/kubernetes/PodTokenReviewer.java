package dev.oats.runner.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the token an agent sends with {@code OATS_AGENT_AUTH=pod-token}: its pod's projected
 * service-account token, audience {@code oats}. The Kubernetes API says in a {@code TokenReview}
 * whether the token is genuine, for that audience, and which pod holds it; the pod's labels say
 * whose investigation it runs. A token is accepted only from a pod of the agent service account in
 * the Job namespace, with the uid the review names, labelled as an agent of that investigation.
 *
 * <p>An accepted token is remembered by its SHA-256 until it expires (read from its {@code exp}
 * claim, at most {@link AgentJobSpec#POD_TOKEN_SECONDS}), so an agent's deliveries cost one review
 * per token, not one per request. Refusals are not remembered: a failed review is tried again. No
 * token ever reaches a log.
 */
final class PodTokenReviewer {

  private static final Logger log = LoggerFactory.getLogger(PodTokenReviewer.class);

  static final String POD_NAME = "authentication.kubernetes.io/pod-name";
  static final String POD_UID = "authentication.kubernetes.io/pod-uid";

  /** How long a token with no readable expiry is trusted before it is reviewed again. */
  private static final Duration UNKNOWN_EXPIRY = Duration.ofSeconds(60);

  private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");
  private static final int MAX_REMEMBERED = 10_000;

  private final KubernetesClient client;
  private final KubernetesRunnerConfig config;
  private final Function<String, Pod> cachedPod;
  private final Clock clock;
  private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

  /** What a review found. */
  sealed interface Verdict {}

  /** The token is a pod's of this investigation, trusted until {@code until}. */
  record Accepted(String investigationId, String podName, Instant until) implements Verdict {}

  /** Refused, with the reason (for the server's log; it never holds the token). */
  record Refused(String reason) implements Verdict {}

  /**
   * @param cachedPod the pod of that name from the runner's watch cache, or null (then it is read
   *     from the API)
   */
  PodTokenReviewer(
      KubernetesClient client,
      KubernetesRunnerConfig config,
      Function<String, Pod> cachedPod,
      Clock clock) {
    this.client = client;
    this.config = config;
    this.cachedPod = cachedPod;
    this.clock = clock;
  }

  /** Whether the token is that of a pod running this investigation's agent. */
  boolean authorises(String investigationId, String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    Verdict verdict = review(token);
    return switch (verdict) {
      case Accepted a when a.investigationId().equals(investigationId) -> true;
      case Accepted a -> {
        log.warn(
            "Refused the token of pod {} for investigation {}: that pod runs investigation {}",
            a.podName(),
            investigationId,
            a.investigationId());
        yield false;
      }
      case Refused r -> {
        log.warn("Refused an agent token for investigation {}: {}", investigationId, r.reason());
        yield false;
      }
    };
  }

  /** The verdict on a token: from memory while an accepted one is unexpired, else a review. */
  Verdict review(String token) {
    String key = sha256(token);
    Instant now = clock.instant();
    Accepted known = accepted.get(key);
    if (known != null && now.isBefore(known.until())) {
      return known;
    }
    Verdict verdict = reviewed(token, now);
    if (verdict instanceof Accepted a) {
      if (accepted.size() >= MAX_REMEMBERED) {
        accepted.values().removeIf(old -> !now.isBefore(old.until()));
      }
      accepted.put(key, a);
    } else {
      accepted.remove(key);
    }
    return verdict;
  }

  private Verdict reviewed(String token, Instant now) {
    TokenReview review;
    try {
      review =
          client
              .authentication()
              .v1()
              .tokenReviews()
              .create(
                  new TokenReviewBuilder()
                      .withNewSpec()
                      .withToken(token)
                      .withAudiences(KubernetesRunnerConfig.TOKEN_AUDIENCE)
                      .endSpec()
                      .build());
    } catch (KubernetesClientException e) {
      return new Refused(
          "the Kubernetes API could not review it (HTTP %d): %s"
              .formatted(e.getCode(), e.getStatus() != null ? e.getStatus().getMessage() : ""));
    }
    TokenReviewStatus status = review == null ? null : review.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      String error = status == null ? null : status.getError();
      return new Refused(
          "the Kubernetes API did not authenticate it"
              + (error == null || error.isBlank() ? "" : ": " + error));
    }
    List<String> audiences = status.getAudiences();
    if (audiences == null || !audiences.contains(KubernetesRunnerConfig.TOKEN_AUDIENCE)) {
      return new Refused(
          "it is not for the audience '%s' (the review says %s)"
              .formatted(KubernetesRunnerConfig.TOKEN_AUDIENCE, audiences));
    }
    UserInfo user = status.getUser();
    String expectedUser =
        "system:serviceaccount:" + config.jobNamespace() + ":" + config.serviceAccount();
    if (user == null || !expectedUser.equals(user.getUsername())) {
      return new Refused(
          "it belongs to %s, not to the agents' service account %s"
              .formatted(user == null ? "nobody" : user.getUsername(), expectedUser));
    }
    String podName = single(user.getExtra(), POD_NAME);
    String podUid = single(user.getExtra(), POD_UID);
    if (podName == null || podUid == null) {
      return new Refused("it is not bound to a pod (a projected token names its pod)");
    }
    Pod pod = pod(podName, podUid);
    if (pod == null) {
      return new Refused(
          "its pod %s no longer exists (or is another of that name)".formatted(podName));
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    String investigation = labels == null ? null : labels.get(AgentJobSpec.INVESTIGATION_LABEL);
    if (investigation == null
        || !AgentJobSpec.CONTAINER.equals(labels.get(AgentJobSpec.NAME_LABEL))) {
      return new Refused("its pod %s is not an OATS agent's".formatted(podName));
    }
    return new Accepted(investigation, podName, expiry(token, now));
  }

  /** The pod of that name and uid: from the watch cache when it has it, else from the API. */
  private Pod pod(String name, String uid) {
    Pod cached = cachedPod.apply(name);
    if (cached != null && uid.equals(cached.getMetadata().getUid())) {
      return cached;
    }
    try {
      Pod pod = client.pods().inNamespace(config.jobNamespace()).withName(name).get();
      return pod != null && uid.equals(pod.getMetadata().getUid()) ? pod : null;
    } catch (KubernetesClientException e) {
      log.warn("Could not read pod {} to check its token: {}", name, e.getMessage());
      return null;
    }
  }

  private static String single(Map<String, List<String>> extra, String key) {
    List<String> values = extra == null ? null : extra.get(key);
    return values == null || values.size() != 1 || values.getFirst().isBlank()
        ? null
        : values.getFirst();
  }

  /**
   * When to review the token again: its {@code exp} claim (the review vouched for the token, so its
   * claims are the API server's), never later than a pod token's whole lifetime from now.
   */
  static Instant expiry(String token, Instant now) {
    Instant latest = now.plusSeconds(AgentJobSpec.POD_TOKEN_SECONDS);
    String[] parts = token.split("\\.");
    if (parts.length == 3) {
      try {
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Matcher exp = EXP.matcher(claims);
        if (exp.find()) {
          Instant at = Instant.ofEpochSecond(Long.parseLong(exp.group(1)));
          return at.isBefore(latest) ? at : latest;
        }
      } catch (IllegalArgumentException e) {
        // Not a JWT after all: trusted briefly.
      }
    }
    return now.plus(UNKNOWN_EXPIRY);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
