package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.server.ServerHarness;
import dev.oats.testkit.CrudApiServer;
import dev.oats.testkit.TokenReviewApi;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code OATS_AGENT_AUTH=pod-token} an investigation costs one API write (its Job, no token
 * Secret), and its agent delivers with its pod's projected token: the server asks the API server
 * (over HTTP, as it would a real one) in a TokenReview whose token it is, and takes it only from a
 * pod of that investigation, for the audience {@code oats}.
 */
class PodTokenAuthTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String AGENT = "system:serviceaccount:oats:oats-agent";

  @TempDir Path dir;

  private static KubernetesRunnerConfig podTokenConfig() {
    Map<String, String> env = new HashMap<>();
    env.put("OATS_JOB_NAMESPACE", AgentCluster.NAMESPACE);
    env.put("OATS_AGENT_AUTH", "pod-token");
    return KubernetesRunnerConfig.from(env, Path.of("/nonexistent/namespace"));
  }

  @Test
  void onlyTheProjectedTokenOfTheInvestigationsOwnPodIsTakenAndItsReviewIsCached()
      throws Exception {
    TokenReviewApi[] reviews = new TokenReviewApi[1];
    try (CrudApiServer kube =
            new CrudApiServer(responses -> reviews[0] = new TokenReviewApi(responses));
        ServerHarness harness = new ServerHarness(dir)) {
      TokenReviewApi api = reviews[0];
      harness.env.put("OATS_MAX_CONCURRENT", "100");
      harness.start(AgentCluster.runners(kube.client, podTokenConfig()));
      String first = harness.submit("why is checkout slow?");
      String second = harness.submit("why is the queue backed up?");
      Job job = awaitJob(kube, first);
      awaitJob(kube, second);

      // One write per investigation: the Job, with the pod's own token in place of a Secret.
      assertThat(kube.client.secrets().inNamespace(AgentCluster.NAMESPACE).list().getItems())
          .isEmpty();
      assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
          .extracting(EnvVar::getName)
          .contains("OATS_EVENT_TOKEN_FILE")
          .doesNotContain("OATS_EVENT_TOKEN");
      assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
          .filteredOn(v -> v.getProjected() != null)
          .singleElement()
          .satisfies(
              v ->
                  assertThat(v.getProjected().getSources().getFirst().getServiceAccountToken())
                      .satisfies(t -> assertThat(t.getAudience()).isEqualTo("oats"))
                      .satisfies(t -> assertThat(t.getExpirationSeconds()).isEqualTo(600L)));

      Pod firstPod = AgentPods.create(kube, first, "abcde", null);
      Pod secondPod = AgentPods.create(kube, second, "fghij", null);
      String ofFirst = api.issue(issued("oats", firstPod));
      String ofSecond = api.issue(issued("oats", secondPod));
      // Tokens whose own claims look right, issued by the API server for something else.
      String firstForVault = TokenReviewApi.forge(issued("oats", firstPod));
      api.issue(firstForVault, issued("vault", firstPod));
      String firstForVaultLaxReview = TokenReviewApi.forge(issued("oats", firstPod));
      api.issueIgnoringAudiences(firstForVaultLaxReview, issued("vault", firstPod));
      String firstAsDefaultAccount = TokenReviewApi.forge(issued("oats", firstPod));
      api.issue(
          firstAsDefaultAccount,
          new TokenReviewApi.Issued(
              "oats",
              "system:serviceaccount:oats:default",
              firstPod.getMetadata().getName(),
              firstPod.getMetadata().getUid()));
      String notIssued = TokenReviewApi.forge(issued("oats", firstPod));

      // The token is issued once the Job exists: until then nothing is taken.
      HttpResponse<String> own = awaitHistory(harness, first, ofFirst);
      assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
      int reviewsSoFar = api.reviews.get();
      assertThat(history(harness, first, ofFirst).statusCode()).isEqualTo(200);
      assertThat(api.reviews.get())
          .as("a token already reviewed is not reviewed again before it expires")
          .isEqualTo(reviewsSoFar);

      Map<String, String> refusedByReview = new java.util.LinkedHashMap<>();
      refusedByReview.put("another investigation's pod", ofSecond);
      refusedByReview.put("the right pod, another audience", firstForVault);
      refusedByReview.put(
          "the same, authenticated by a review blind to audiences", firstForVaultLaxReview);
      refusedByReview.put("the right pod named, another service account", firstAsDefaultAccount);
      refusedByReview.put("not authenticated", notIssued);
      for (Map.Entry<String, String> refused : refusedByReview.entrySet()) {
        int before = api.reviews.get();
        HttpResponse<String> response = history(harness, first, refused.getValue());
        assertThat(response.statusCode())
            .as(refused.getKey() + ": " + response.body())
            .isEqualTo(401);
        assertThat(response.body())
            .contains("does not authorise the events of investigation " + first)
            .doesNotContain(refused.getValue());
        assertThat(api.reviews.get()).as(refused.getKey()).isEqualTo(before + 1);
      }

      // Tokens that cannot be an agent pod's on their face cost the API server nothing.
      Instant past = Instant.now().minusSeconds(5);
      Map<String, String> refusedUnreviewed = new java.util.LinkedHashMap<>();
      refusedUnreviewed.put("not a JWT", "not-a-token-anyone-issued");
      refusedUnreviewed.put("claims not JSON", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln");
      refusedUnreviewed.put(
          "for another audience", TokenReviewApi.forge(issued("vault", firstPod)));
      refusedUnreviewed.put("expired", TokenReviewApi.forge(issued("oats", firstPod), past));
      refusedUnreviewed.put(
          "of another service account",
          TokenReviewApi.forge(
              new TokenReviewApi.Issued("oats", "system:serviceaccount:oats:default", "p", "u")));
      refusedUnreviewed.put("much too long", "a".repeat(5_000) + ".b.c");
      int beforeUnreviewed = api.reviews.get();
      for (Map.Entry<String, String> refused : refusedUnreviewed.entrySet()) {
        HttpResponse<String> response = history(harness, first, refused.getValue());
        assertThat(response.statusCode()).as(refused.getKey()).isEqualTo(401);
      }
      // Nor does a plausible token for an investigation with no Job (or none at all).
      String noSuchInvestigation = java.util.UUID.randomUUID().toString();
      assertThat(history(harness, noSuchInvestigation, ofFirst).statusCode()).isEqualTo(401);
      assertThat(api.reviews.get()).isEqualTo(beforeUnreviewed);

      // A review the API server fails to make is no pass: the agent is told to come back.
      String underOutage = api.issue(issued("oats", firstPod));
      api.failing(underOutage);
      HttpResponse<String> outage = history(harness, first, underOutage);
      assertThat(outage.statusCode()).as(outage.body()).isEqualTo(503);
      assertThat(outage.headers().firstValue("Retry-After")).isPresent();
      assertThat(outage.body()).doesNotContain(underOutage);

      // The other investigation's pod is taken for its own.
      assertThat(awaitHistory(harness, second, ofSecond).statusCode()).isEqualTo(200);
    }
  }

  private static TokenReviewApi.Issued issued(String audience, Pod pod) {
    return new TokenReviewApi.Issued(
        audience, AGENT, pod.getMetadata().getName(), pod.getMetadata().getUid());
  }

  private static Job awaitJob(CrudApiServer kube, String id) throws InterruptedException {
    Instant until = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(until)) {
      Job job =
          kube.client
              .batch()
              .v1()
              .jobs()
              .inNamespace(AgentCluster.NAMESPACE)
              .withName(dev.oats.runner.JobNames.of(id))
              .get();
      if (job != null) {
        return job;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no Job for investigation " + id + " within " + WAIT);
  }

  /** The history, once the run's token is issued (the Job made); the last answer otherwise. */
  private static HttpResponse<String> awaitHistory(ServerHarness harness, String id, String token)
      throws Exception {
    Instant until = Instant.now().plus(WAIT);
    HttpResponse<String> response = history(harness, id, token);
    while (response.statusCode() == 401 && Instant.now().isBefore(until)) {
      Thread.sleep(50);
      response = history(harness, id, token);
    }
    return response;
  }

  private static HttpResponse<String> history(ServerHarness harness, String id, String token)
      throws Exception {
    return harness.agentHistory(id, token);
  }
}
