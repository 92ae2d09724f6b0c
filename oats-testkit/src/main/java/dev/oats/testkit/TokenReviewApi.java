package dev.oats.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's CRUD mock API server that also answers {@code POST
 * /apis/authentication.k8s.io/v1/tokenreviews} as a real API server does: a token it issued is
 * authenticated only for a requested audience it was issued for, and then names its service account
 * and its pod (uid and name, in {@code user.extra}); any other token is not authenticated. Tokens
 * are shaped as a projected service-account token is (a JWT whose claims say {@code aud}, {@code
 * exp}, {@code sub} and the pod), signed with nothing: only this server's memory makes them
 * genuine.
 *
 * <p>For the tests of what may go wrong: a token issued with {@link #failing} makes the review fail
 * (HTTP 500); one issued with {@link #issueIgnoringAudiences} is authenticated whatever audience is
 * asked for (an authenticator blind to audiences, which the server must catch itself); {@link
 * #throttle} answers the next reviews 429 with {@code Retry-After}, as API priority and fairness
 * does; {@link #forbid} answers every review 403, as for a server not bound to {@code
 * system:auth-delegator}; {@link #delayMillis} makes each review take that long, and {@link
 * #maxInFlight} says how many were ever answered at once.
 */
public final class TokenReviewApi extends KubernetesMixedDispatcher {

  /** The label of a pod's name in a review's {@code user.extra}. */
  public static final String POD_NAME = "authentication.kubernetes.io/pod-name";

  /** The label of a pod's uid in a review's {@code user.extra}. */
  public static final String POD_UID = "authentication.kubernetes.io/pod-uid";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A projected token the fake API server issued. */
  public record Issued(String audience, String serviceAccount, String podName, String podUid) {}

  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
  private final Map<String, Boolean> audienceBlind = new ConcurrentHashMap<>();

  /** Reviews asked for, answered or not. */
  public final AtomicInteger reviews = new AtomicInteger();

  private final List<Long> arrivals = new ArrayList<>();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  private volatile long retryAfterSeconds = 1;
  private volatile boolean forbidden;
  private volatile long delayMillis;

  public TokenReviewApi(Map<ServerRequest, Queue<ServerResponse>> responses) {
    super(responses);
  }

  /**
   * A token shaped as the kubelet's projected token for these claims, valid for ten minutes, that
   * this server has not issued (so its review says it is not authenticated).
   */
  public static String forge(Issued claims) {
    return forge(claims, Instant.now().plusSeconds(600));
  }

  /** A token shaped as a projected token for these claims, expiring at {@code exp}. */
  public static String forge(Issued claims, Instant exp) {
    ObjectNode payload = JSON.createObjectNode();
    payload.putArray("aud").add(claims.audience());
    payload.put("exp", exp.getEpochSecond());
    payload.put("iat", exp.getEpochSecond() - 600);
    payload.put("iss", "https://kubernetes.default.svc.cluster.local");
    payload.put("sub", claims.serviceAccount());
    payload.put("jti", UUID.randomUUID().toString());
    ObjectNode pod = payload.putObject("kubernetes.io").putObject("pod");
    pod.put("name", claims.podName());
    pod.put("uid", claims.podUid());
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    return base64.encodeToString(
            "{\"alg\":\"RS256\",\"kid\":\"fake\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + base64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8))
        + "."
        + base64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Issues a token for these claims, as the kubelet asks for a pod's projected volume. */
  public String issue(Issued what) {
    String token = forge(what);
    issue(token, what);
    return token;
  }

  /** Takes {@code token} as issued for {@code what}, whatever it says itself. */
  public void issue(String token, Issued what) {
    issued.put(token, what);
  }

  /** Issues a token that the review authenticates for any audience asked for (see above). */
  public void issueIgnoringAudiences(String token, Issued what) {
    issued.put(token, what);
    audienceBlind.put(token, true);
  }

  /** A token whose review the API server fails to make. */
  public void failing(String token) {
    failing.put(token, true);
  }

  /** Answers the next {@code count} reviews 429 with this {@code Retry-After}. */
  public void throttle(int count, long retryAfterSeconds) {
    this.retryAfterSeconds = retryAfterSeconds;
    throttled.set(count);
  }

  /** Whether every review is answered 403 Forbidden. */
  public void forbid(boolean forbidden) {
    this.forbidden = forbidden;
  }

  /** How long each review's answer takes, on a timer (the server's event loops go on). */
  public void delayMillis(long millis) {
    this.delayMillis = millis;
  }

  /** The most reviews ever being answered at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (!"POST".equals(request.getMethod())
        || !request.getPath().startsWith("/apis/authentication.k8s.io/v1/tokenreviews")) {
      return super.dispatch(request);
    }
    reviews.incrementAndGet();
    long delay = delayMillis;
    if (delay == 0) {
      return answer(request);
    }
    // The answer goes out after the delay (a timer of the server's, so its event loops go on):
    // the reviews being answered now are those that arrived within the last delay.
    long now = System.nanoTime();
    long since = now - delay * 1_000_000;
    synchronized (arrivals) {
      arrivals.removeIf(at -> at - since <= 0);
      arrivals.add(now);
      maxInFlight.accumulateAndGet(arrivals.size(), Math::max);
    }
    return answer(request).setBodyDelay(delay, TimeUnit.MILLISECONDS);
  }

  private MockResponse answer(RecordedRequest request) {
    if (forbidden) {
      return status(
          403,
          "Forbidden",
          "tokenreviews.authentication.k8s.io is forbidden: User"
              + " \"system:serviceaccount:oats:oats-job-creator\" cannot create resource"
              + " \"tokenreviews\" in API group \"authentication.k8s.io\" at the cluster scope");
    }
    if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      // As the API server says it: in the header and in the Status's details.
      ObjectNode details = JSON.createObjectNode().put("retryAfterSeconds", retryAfterSeconds);
      return status(429, "TooManyRequests", "too many requests, please try again later", details)
          .setHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
    try {
      JsonNode review = JSON.readTree(request.getUtf8Body());
      String token = review.path("spec").path("token").asText();
      if (failing.containsKey(token)) {
        return status(500, "InternalError", "etcdserver: request timed out");
      }
      ObjectNode answer = JSON.createObjectNode();
      answer.put("apiVersion", "authentication.k8s.io/v1");
      answer.put("kind", "TokenReview");
      answer.set("spec", review.path("spec"));
      verdict(
          answer.putObject("status"),
          issued.get(token),
          review.path("spec"),
          audienceBlind.containsKey(token));
      return new MockResponse().setResponseCode(201).setBody(JSON.writeValueAsString(answer));
    } catch (Exception e) {
      return new MockResponse().setResponseCode(400).setBody(e.toString());
    }
  }

  /**
   * Fills a TokenReview's status as the API server does: authenticated with the pod's service
   * account and pod, or not, with the error text a real API server gives for a token it did not
   * issue or one issued for another audience.
   *
   * @param what the token as issued, or null when it never was
   * @param audienceBlind whether to take the token whatever audience the review asks for
   */
  static void verdict(ObjectNode status, Issued what, JsonNode spec, boolean audienceBlind) {
    boolean audienceMatches = audienceBlind;
    for (JsonNode audience : spec.path("audiences")) {
      audienceMatches |= what != null && what.audience().equals(audience.asText());
    }
    if (what == null) {
      status.put("authenticated", false);
      status.put(
          "error", "[invalid bearer token, square/go-jose: error in cryptographic primitive]");
    } else if (!audienceMatches) {
      status.put("authenticated", false);
      status.put(
          "error",
          "[invalid bearer token, token audiences [\""
              + what.audience()
              + "\"] is invalid for the target audiences "
              + spec.path("audiences")
              + "]");
    } else {
      status.put("authenticated", true);
      status.putArray("audiences").add(what.audience());
      ObjectNode user = status.putObject("user");
      user.put("username", what.serviceAccount());
      user.put("uid", "sa-uid");
      user.putArray("groups").add("system:serviceaccounts").add("system:authenticated");
      ObjectNode extra = user.putObject("extra");
      extra.putArray(POD_NAME).add(what.podName());
      extra.putArray(POD_UID).add(what.podUid());
    }
  }

  private static MockResponse status(int code, String reason, String message) {
    return status(code, reason, message, null);
  }

  private static MockResponse status(int code, String reason, String message, JsonNode details) {
    ObjectNode status = JSON.createObjectNode();
    if (details != null) {
      status.set("details", details);
    }
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return new MockResponse().setResponseCode(code).setBody(status.toString());
  }
}
