package dev.oats.runner.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.runner.AgentCheckUnavailable;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
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
 *
 * <p>Anyone who can reach the agent endpoints can make up tokens, and each fresh one would cost the
 * API server a review. So a review is made only for a token whose unverified claims could be an
 * agent pod's ({@link #implausible}), for an investigation whose Job exists (the caller checks),
 * one at a time per token, at most {@link #PER_INVESTIGATION_IN_FLIGHT} at once per investigation
 * and {@link #REVIEWS_IN_FLIGHT} in all: past that the caller gets 429 with {@code Retry-After}.
 * The API server's own 429s are retried by the client (honouring their {@code Retry-After}, as
 * often as the client's retry limit says), then answered 503; a 403 (this server may not create
 * TokenReviews) is answered 503 naming the missing permission.
 */
final class PodTokenReviewer {

  private static final Logger log = LoggerFactory.getLogger(PodTokenReviewer.class);

  static final String POD_NAME = "authentication.kubernetes.io/pod-name";
  static final String POD_UID = "authentication.kubernetes.io/pod-uid";

  /** How long a token with no readable expiry is trusted before it is reviewed again. */
  private static final Duration UNKNOWN_EXPIRY = Duration.ofSeconds(60);

  private static final Pattern EXP = Pattern.compile("\"exp\"\\s*:\\s*(\\d+)");
  private static final int MAX_REMEMBERED = 10_000;

  /** Reviews in flight at most, across all callers: what made-up tokens may cost the API. */
  static final int REVIEWS_IN_FLIGHT = 8;

  /**
   * Reviews in flight at most for one investigation, so that tokens made up for one cannot take the
   * reviews the agents of the others need.
   */
  static final int PER_INVESTIGATION_IN_FLIGHT = 2;

  /** Four times a projected token's size (about 1 KB); a longer one is not sent for review. */
  private static final int MAX_TOKEN_CHARS = 4 * 1024;

  static final String MISSING_PERMISSION =
      "The OATS server cannot check agent tokens: its service account may not create"
          + " tokenreviews (authentication.k8s.io). Bind it to the ClusterRole"
          + " system:auth-delegator (deploy/base/server-rbac.yaml does), or set"
          + " OATS_AGENT_AUTH=secret.";

  private static final ObjectMapper CLAIMS = new ObjectMapper();

  private final KubernetesClient client;
  private final KubernetesRunnerConfig config;
  private final Function<String, Pod> cachedPod;
  private final BooleanSupplier watching;
  private final Clock clock;
  private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Verdict>> reviewing = new ConcurrentHashMap<>();
  private final int maxInFlight;
  private final Semaphore inFlight;
  private final Map<String, Integer> perInvestigation = new ConcurrentHashMap<>();
  private volatile Instant forbiddenLoggedAt = Instant.EPOCH;

  /** What a review found. */
  sealed interface Verdict {}

  /**
   * The token is a pod's of this investigation, trusted until {@code until} while that pod (of this
   * uid) runs.
   */
  record Accepted(String investigationId, String podName, String podUid, Instant until)
      implements Verdict {}

  /**
   * Refused, with the reason (for the server's log; it never holds the token), and whether the API
   * reviewed it (a token refused on its face alone is logged at debug: anyone can send many).
   */
  record Refused(String reason, boolean reviewed) implements Verdict {
    Refused(String reason) {
      this(reason, true);
    }
  }

  /**
   * @param cachedPod the pod of that name from the runner's watch cache, or null (then it is read
   *     from the API)
   * @param watching whether the watch cache is filled (this replica watches the pods): a pod it
   *     lacks is then gone, and a remembered token of it is reviewed again
   */
  PodTokenReviewer(
      KubernetesClient client,
      KubernetesRunnerConfig config,
      Function<String, Pod> cachedPod,
      BooleanSupplier watching,
      Clock clock) {
    this(client, config, cachedPod, watching, clock, REVIEWS_IN_FLIGHT);
  }

  PodTokenReviewer(
      KubernetesClient client,
      KubernetesRunnerConfig config,
      Function<String, Pod> cachedPod,
      BooleanSupplier watching,
      Clock clock,
      int maxInFlight) {
    this.client = client;
    this.config = config;
    this.cachedPod = cachedPod;
    this.watching = watching;
    this.clock = clock;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
  }

  /**
   * Stops the server's start when the API says it may not create TokenReviews: with pod tokens no
   * agent could ever report, and every Job would run for nothing. Asked with a
   * SelfSubjectAccessReview (which every authenticated account may make); when that cannot be
   * asked, the start goes on and a refused review says the same later.
   *
   * @throws IllegalStateException naming the missing permission
   */
  static void requirePermission(KubernetesClient client) {
    SelfSubjectAccessReview answer;
    try {
      answer =
          client
              .authorization()
              .v1()
              .selfSubjectAccessReview()
              .create(
                  new SelfSubjectAccessReviewBuilder()
                      .withNewSpec()
                      .withNewResourceAttributes()
                      .withGroup("authentication.k8s.io")
                      .withResource("tokenreviews")
                      .withVerb("create")
                      .endResourceAttributes()
                      .endSpec()
                      .build());
    } catch (KubernetesClientException e) {
      log.warn("Could not ask whether this server may review agent tokens: {}", statusMessage(e));
      return;
    }
    if (answer != null
        && answer.getStatus() != null
        && Boolean.FALSE.equals(answer.getStatus().getAllowed())) {
      throw new IllegalStateException(MISSING_PERMISSION);
    }
  }

  /** Whether the token is that of a pod running this investigation's agent. */
  boolean authorises(String investigationId, String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    Verdict verdict = review(investigationId, token);
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
      case Refused r when !r.reviewed() -> {
        log.debug(
            "Refused an agent token for investigation {} unreviewed: {}",
            investigationId,
            r.reason());
        yield false;
      }
      case Refused r -> {
        log.warn("Refused an agent token for investigation {}: {}", investigationId, r.reason());
        yield false;
      }
    };
  }

  /**
   * The verdict on a token: from memory while an accepted one is unexpired, else a review, once its
   * unverified claims have passed {@link #implausible}. One review at a time per token; at most
   * {@link #maxInFlight} reviews at once, and past that the caller is told to come back.
   *
   * @throws AgentCheckUnavailable when too many reviews are in flight, or the API cannot review
   */
  Verdict review(String investigationId, String token) {
    String key = sha256(token);
    Instant now = clock.instant();
    Accepted known = accepted.get(key);
    if (known != null && now.isBefore(known.until())) {
      if (!podLeft(known)) {
        return known;
      }
      // Its pod ended or went since: the token is worth nothing now; a review says so.
      accepted.remove(key, known);
    }
    String implausible = implausible(token, now, agentUser());
    if (implausible != null) {
      return new Refused(implausible, false);
    }
    CompletableFuture<Verdict> mine = new CompletableFuture<>();
    CompletableFuture<Verdict> running = reviewing.putIfAbsent(key, mine);
    if (running != null) {
      // The same token is being reviewed: its verdict is this one's too.
      try {
        return running.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      if (!takeShare(investigationId)) {
        throw busy("for investigation " + investigationId, PER_INVESTIGATION_IN_FLIGHT);
      }
      Verdict verdict;
      try {
        if (!inFlight.tryAcquire()) {
          throw busy("in all", maxInFlight);
        }
        try {
          verdict = reviewed(token, now);
        } finally {
          inFlight.release();
        }
      } finally {
        perInvestigation.computeIfPresent(investigationId, (id, n) -> n == 1 ? null : n - 1);
      }
      if (verdict instanceof Accepted a) {
        if (accepted.size() >= MAX_REMEMBERED) {
          accepted.values().removeIf(old -> !now.isBefore(old.until()));
        }
        accepted.put(key, a);
      } else {
        accepted.remove(key);
      }
      mine.complete(verdict);
      return verdict;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      reviewing.remove(key, mine);
    }
  }

  /** One of the investigation's review slots, if one is free (counted atomically, per key). */
  private boolean takeShare(String investigationId) {
    boolean[] taken = new boolean[1];
    perInvestigation.compute(
        investigationId,
        (id, n) -> {
          int now = n == null ? 0 : n;
          taken[0] = now < PER_INVESTIGATION_IN_FLIGHT;
          return taken[0] ? now + 1 : now;
        });
    return taken[0];
  }

  private static AgentCheckUnavailable busy(String scope, int cap) {
    return new AgentCheckUnavailable(
        429,
        1,
        "Too many agent tokens are being reviewed at once %s (%d); try again shortly."
            .formatted(scope, cap));
  }

  private String agentUser() {
    return "system:serviceaccount:" + config.jobNamespace() + ":" + config.serviceAccount();
  }

  /**
   * Why a token cannot be a pod token of the agents, read from its claims without trusting them
   * (the signature is the API server's to check); null when it may be one. Only such a token is
   * worth a review: anything else a caller makes up is refused without costing the API a request.
   */
  static String implausible(String token, Instant now, String agentUser) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return "it is longer than any service-account token";
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      return "it is not a JWT";
    }
    JsonNode claims;
    try {
      claims = CLAIMS.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IllegalArgumentException | IOException e) {
      return "its claims are not readable JSON";
    }
    if (claims == null || !claims.isObject()) {
      return "its claims are not readable JSON";
    }
    JsonNode aud = claims.path("aud");
    boolean forOats =
        aud.isTextual()
            ? KubernetesRunnerConfig.TOKEN_AUDIENCE.equals(aud.asText())
            : aud.isArray()
                && aud.valueStream()
                    .anyMatch(a -> KubernetesRunnerConfig.TOKEN_AUDIENCE.equals(a.asText()));
    if (!forOats) {
      return "its aud claim does not name '%s'".formatted(KubernetesRunnerConfig.TOKEN_AUDIENCE);
    }
    JsonNode exp = claims.path("exp");
    if (!exp.canConvertToLong()) {
      return "it has no exp claim";
    }
    if (exp.asLong() <= now.getEpochSecond()) {
      return "it expired";
    }
    if (!agentUser.equals(claims.path("sub").asText())) {
      return "its sub claim is not the agents' service account " + agentUser;
    }
    return null;
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
      throw unavailable(e);
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
    String expectedUser = agentUser();
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
    if (ended(pod)) {
      return new Refused(
          "its pod %s has ended: its agent no longer runs (the token was copied out of it?)"
              .formatted(podName));
    }
    return new Accepted(investigation, podName, podUid, expiry(token, now));
  }

  /**
   * Whether the watch cache shows that the pod of a remembered token has ended, been replaced or
   * gone. Without a watch on this replica the token is trusted until it expires, as before.
   */
  private boolean podLeft(Accepted known) {
    if (!watching.getAsBoolean()) {
      return false;
    }
    Pod pod = cachedPod.apply(known.podName());
    return pod == null || !known.podUid().equals(pod.getMetadata().getUid()) || ended(pod);
  }

  /** A pod whose containers have all stopped for good, or which is being deleted. */
  private static boolean ended(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /**
   * A review the API did not make: never a pass, and not a refusal either (the token may be
   * genuine), so the agent is told to come back. A 403 is this server's own missing permission,
   * said in full in the answer and in the log (once a minute), since no retry will fix it.
   */
  private AgentCheckUnavailable unavailable(KubernetesClientException e) {
    if (e.getCode() == 403) {
      Instant now = clock.instant();
      Instant last = forbiddenLoggedAt;
      if (!now.isBefore(last.plusSeconds(60))) {
        forbiddenLoggedAt = now;
        log.error("{} The API said: {}", MISSING_PERMISSION, statusMessage(e));
      }
      return new AgentCheckUnavailable(503, 30, MISSING_PERMISSION);
    }
    long retryAfter = 5;
    if (e.getCode() == 429
        && e.getStatus() != null
        && e.getStatus().getDetails() != null
        && e.getStatus().getDetails().getRetryAfterSeconds() != null) {
      retryAfter = Math.clamp(e.getStatus().getDetails().getRetryAfterSeconds(), 1, 60);
    }
    log.warn(
        "The Kubernetes API could not review an agent token (HTTP {}): {}",
        e.getCode(),
        statusMessage(e));
    return new AgentCheckUnavailable(
        503,
        retryAfter,
        "The Kubernetes API could not review the agent token now (HTTP %d); try again."
            .formatted(e.getCode()));
  }

  private static String statusMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : String.valueOf(e.getMessage());
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
