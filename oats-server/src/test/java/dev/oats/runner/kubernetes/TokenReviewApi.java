package dev.oats.runner.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * fabric8's CRUD mock API server that also answers {@code POST
 * /apis/authentication.k8s.io/v1/tokenreviews} as a real API server does: a token it issued is
 * authenticated only for a requested audience it was issued for, and then names its service account
 * and its pod (uid and name, in {@code user.extra}); any other token is not authenticated. A token
 * issued with {@link #failing} makes the review itself fail (HTTP 500). A token issued with {@link
 * #issueIgnoringAudiences} is authenticated whatever audience is asked for, and the review names
 * the audience it was issued for: an authenticator that does not check audiences, which the server
 * must catch itself.
 */
final class TokenReviewApi extends KubernetesMixedDispatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A projected token the fake API server issued. */
  record Issued(String audience, String serviceAccount, String podName, String podUid) {}

  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
  private final Map<String, Boolean> audienceBlind = new ConcurrentHashMap<>();
  final AtomicInteger reviews = new AtomicInteger();

  TokenReviewApi(Map<ServerRequest, Queue<ServerResponse>> responses) {
    super(responses);
  }

  /** Issues a token, as the kubelet asks for a pod's projected volume. */
  void issue(String token, Issued what) {
    issued.put(token, what);
  }

  /** Issues a token that the review authenticates for any audience asked for (see above). */
  void issueIgnoringAudiences(String token, Issued what) {
    issued.put(token, what);
    audienceBlind.put(token, true);
  }

  /** A token whose review the API server fails to make. */
  void failing(String token) {
    failing.put(token, true);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (!"POST".equals(request.getMethod())
        || !request.getPath().startsWith("/apis/authentication.k8s.io/v1/tokenreviews")) {
      return super.dispatch(request);
    }
    reviews.incrementAndGet();
    try {
      JsonNode review = JSON.readTree(request.getUtf8Body());
      String token = review.path("spec").path("token").asText();
      if (failing.containsKey(token)) {
        return new MockResponse()
            .setResponseCode(500)
            .setBody(
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"message\":\"etcdserver: request timed out\",\"code\":500}");
      }
      ObjectNode answer = JSON.createObjectNode();
      answer.put("apiVersion", "authentication.k8s.io/v1");
      answer.put("kind", "TokenReview");
      answer.set("spec", review.path("spec"));
      ObjectNode status = answer.putObject("status");
      Issued what = issued.get(token);
      boolean audienceMatches = audienceBlind.containsKey(token);
      for (JsonNode audience : review.path("spec").path("audiences")) {
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
                + "\"] is invalid for"
                + " the target audiences "
                + review.path("spec").path("audiences")
                + "]");
      } else {
        status.put("authenticated", true);
        status.putArray("audiences").add(what.audience());
        ObjectNode user = status.putObject("user");
        user.put("username", what.serviceAccount());
        user.put("uid", "sa-uid");
        user.putArray("groups").add("system:serviceaccounts").add("system:authenticated");
        ObjectNode extra = user.putObject("extra");
        ((ArrayNode) extra.putArray(PodTokenReviewer.POD_NAME)).add(what.podName());
        ((ArrayNode) extra.putArray(PodTokenReviewer.POD_UID)).add(what.podUid());
      }
      return new MockResponse().setResponseCode(201).setBody(JSON.writeValueAsString(answer));
    } catch (Exception e) {
      return new MockResponse().setResponseCode(400).setBody(e.toString());
    }
  }
}
