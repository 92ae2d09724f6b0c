package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.runner.JobNames;
import dev.oats.server.ServerHarness;
import dev.oats.testkit.CrudApiServer;
import dev.oats.testkit.TokenReviewApi;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone who reaches the agent endpoints can make up bearer tokens, and with pod tokens each fresh
 * one could cost the API server a TokenReview. Over real HTTP against the mock API server: a flood
 * of distinct plausible tokens never has more than the cap of reviews in flight, the excess is told
 * 429 with {@code Retry-After}, and genuine agents still get through; the API server's own 429 is
 * retried, and its 403 (the server lacks the permission) is answered with that permission's name.
 */
class TokenReviewAbuseTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String AGENT = "system:serviceaccount:oats:oats-agent";

  @TempDir Path dir;

  @Test
  void aFloodOfBogusTokensHasAtMostTheCapOfReviewsInFlightAndGenuineAgentsGetThrough()
      throws Exception {
    try (Cluster cluster = new Cluster(dir)) {
      TokenReviewApi api = cluster.api;
      List<String> ids = new ArrayList<>();
      List<Pod> pods = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ids.add(cluster.harness.submit("why is service " + i + " slow?"));
      }
      for (String id : ids) {
        pods.add(cluster.podOf(id));
      }
      String genuine = api.issue(issued(pods.getFirst()));
      for (int i = 0; i < ids.size(); i++) {
        cluster.awaitJobStarted(ids.get(i), i == 0 ? genuine : api.issue(issued(pods.get(i))));
      }
      api.delayMillis(150);

      // Made-up tokens for one investigation, claiming to be its pod's: only a review can tell.
      Flood one = Flood.of(cluster, ids.subList(0, 1), pods.subList(0, 1), 16);
      one.awaitRefusedForTheCap();
      // The agent whose token was reviewed goes on; another investigation's new token gets in at
      // once, since the flood may hold only that investigation's share of the reviews.
      for (int i = 0; i < 3; i++) {
        assertThat(cluster.history(ids.getFirst(), genuine).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> other = cluster.history(ids.get(5), api.issue(issued(pods.get(5))));
      assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
      one.awaitEnd();
      assertThat(one.answers.keySet()).as("answers: %s", one.answers).containsOnly(401, 429);
      assertThat(api.maxInFlight())
          .as("reviews at once: the flooded investigation's share, and the other's one")
          .isLessThanOrEqualTo(PodTokenReviewer.PER_INVESTIGATION_IN_FLIGHT + 1);

      // Made up for five investigations at once: the cap in all holds.
      Flood five = Flood.of(cluster, ids.subList(0, 5), pods.subList(0, 5), 40);
      five.awaitRefusedForTheCap();
      assertThat(cluster.history(ids.getFirst(), genuine).statusCode()).isEqualTo(200);
      five.awaitEnd();
      assertThat(five.answers.keySet()).as("answers: %s", five.answers).containsOnly(401, 429);
      assertThat(five.answers.get(429).get()).isPositive();
      assertThat(five.retryAfters).isNotEmpty().allMatch("1"::equals);
      assertThat(api.maxInFlight())
          .as("reviews at once at the API server")
          .isLessThanOrEqualTo(PodTokenReviewer.REVIEWS_IN_FLIGHT)
          .isGreaterThan(PodTokenReviewer.PER_INVESTIGATION_IN_FLIGHT);
    }
  }

  /** Threads sending made-up tokens for 3 s, each claiming to be one of these pods. */
  private record Flood(
      List<Thread> threads, Map<Integer, AtomicInteger> answers, List<String> retryAfters) {

    static Flood of(Cluster cluster, List<String> ids, List<Pod> pods, int threads) {
      Flood flood =
          new Flood(new ArrayList<>(), new ConcurrentHashMap<>(), new CopyOnWriteArrayList<>());
      long ends = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      for (int t = 0; t < threads; t++) {
        int target = t % ids.size();
        flood.threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (System.nanoTime() < ends) {
                        HttpResponse<String> response =
                            cluster.history(
                                ids.get(target), TokenReviewApi.forge(issued(pods.get(target))));
                        flood
                            .answers
                            .computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                            .incrementAndGet();
                        response
                            .headers()
                            .firstValue("Retry-After")
                            .ifPresent(flood.retryAfters::add);
                      }
                    }));
      }
      return flood;
    }

    /**
     * Waits until the flood holds all the reviews it may: some of its tokens are answered 429, not
     * reviewed. What the genuine agents do next, they do against a full share.
     */
    void awaitRefusedForTheCap() throws InterruptedException {
      Instant until = Instant.now().plus(WAIT);
      while (answers.getOrDefault(429, new AtomicInteger()).get() == 0) {
        assertThat(Instant.now()).as("a flooding token answered 429: %s", answers).isBefore(until);
        Thread.sleep(10);
      }
    }

    void awaitEnd() throws InterruptedException {
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  @Test
  void theApiServersOwnTooManyRequestsIsRetriedThenAnsweredAsUnavailableNeverAsARefusal()
      throws Exception {
    try (Cluster cluster = new Cluster(dir)) {
      TokenReviewApi api = cluster.api;
      String id = cluster.harness.submit("why is the queue backed up?");
      Pod pod = cluster.podOf(id);
      cluster.awaitJobStarted(id, api.issue(issued(pod)));

      // Two 429s, then an answer: the client retries after the API's Retry-After.
      api.throttle(2, 1);
      int before = api.reviews.get();
      String token = api.issue(issued(pod));
      HttpResponse<String> retried = cluster.history(id, token);
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
      assertThat(api.reviews.get() - before).isEqualTo(3);

      // Throttled past the client's retries: 503 with a Retry-After, and the token not refused.
      api.throttle(1_000, 1);
      String later = api.issue(issued(pod));
      HttpResponse<String> unavailable = cluster.history(id, later);
      assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
      assertThat(unavailable.headers().firstValue("Retry-After")).contains("1");
      api.throttle(0, 1);
      assertThat(cluster.history(id, later).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aServerThatMayNotReviewTokensSaysWhichPermissionIsMissing() throws Exception {
    try (Cluster cluster = new Cluster(dir)) {
      TokenReviewApi api = cluster.api;
      String id = cluster.harness.submit("why are the pods pending?");
      Pod pod = cluster.podOf(id);
      cluster.awaitJobStarted(id, api.issue(issued(pod)));
      api.forbid(true);
      HttpResponse<String> response = cluster.history(id, api.issue(issued(pod)));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
      assertThat(response.body())
          .contains("may not create tokenreviews")
          .contains("system:auth-delegator")
          .contains("OATS_AGENT_AUTH=secret");
    }
  }

  @Test
  void theServerDoesNotStartWithPodTokensWhenTheApiSaysItMayNotReviewThem() {
    try (CrudApiServer kube = new CrudApiServer()) {
      // The CRUD store answers with no verdict: the start goes on.
      PodTokenReviewer.requirePermission(kube.client);
      kube.server
          .expect()
          .post()
          .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
          .andReturn(
              201,
              new SelfSubjectAccessReviewBuilder()
                  .withNewStatus()
                  .withAllowed(false)
                  .endStatus()
                  .build())
          .once();
      assertThatThrownBy(() -> PodTokenReviewer.requirePermission(kube.client))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("may not create tokenreviews")
          .hasMessageContaining("system:auth-delegator");
    }
  }

  private static TokenReviewApi.Issued issued(Pod pod) {
    return new TokenReviewApi.Issued(
        "oats", AGENT, pod.getMetadata().getName(), pod.getMetadata().getUid());
  }

  /** The mock API server answering reviews, and the server with pod tokens on it. */
  private static final class Cluster implements AutoCloseable {
    final CrudApiServer kube;
    final TokenReviewApi api;
    final KubernetesClient client;
    final ServerHarness harness;

    Cluster(Path dir) throws Exception {
      TokenReviewApi[] made = new TokenReviewApi[1];
      kube = new CrudApiServer(responses -> made[0] = new TokenReviewApi(responses));
      api = made[0];
      // As the server configures its client: a 429 or 5xx is retried twice, after Retry-After.
      client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder(kube.client.getConfiguration())
                      .withRequestRetryBackoffLimit(2)
                      .withRequestRetryBackoffInterval(50)
                      .build())
              .build();
      harness = new ServerHarness(dir);
      harness.env.put("OATS_MAX_CONCURRENT", "100");
      Map<String, String> env = new HashMap<>();
      env.put("OATS_JOB_NAMESPACE", AgentCluster.NAMESPACE);
      KubernetesRunnerConfig config =
          KubernetesRunnerConfig.from(env, Path.of("/nonexistent/namespace"));
      assertThat(config.podTokens()).as("pod tokens are the default").isTrue();
      harness.start(AgentCluster.runners(client, config));
    }

    /** The pod the Job controller would make for the investigation's Job, once it exists. */
    Pod podOf(String id) throws InterruptedException {
      String job = JobNames.of(id);
      Instant until = Instant.now().plus(WAIT);
      while (kube.client.batch().v1().jobs().inNamespace(AgentCluster.NAMESPACE).withName(job).get()
          == null) {
        assertThat(Instant.now()).as("Job " + job + " made").isBefore(until);
        Thread.sleep(50);
      }
      return AgentPods.create(kube, id, "xyz12", null);
    }

    /** Waits until the run's start is done (its token hash stored), with a genuine token. */
    void awaitJobStarted(String id, String token) throws Exception {
      assertThat(awaitHistory(id, token).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> awaitHistory(String id, String token) throws Exception {
      Instant until = Instant.now().plus(WAIT);
      HttpResponse<String> response = history(id, token);
      while (response.statusCode() == 401 && Instant.now().isBefore(until)) {
        Thread.sleep(50);
        response = history(id, token);
      }
      return response;
    }

    HttpResponse<String> history(String id, String token) {
      try {
        return harness.agentHistory(id, token);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() throws Exception {
      harness.close();
      client.close();
      kube.close();
    }
  }
}
