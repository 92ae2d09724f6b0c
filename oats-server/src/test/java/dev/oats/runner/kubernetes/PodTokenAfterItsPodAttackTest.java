package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.server.ServerHarness;
import dev.oats.testkit.CrudApiServer;
import dev.oats.testkit.TokenReviewApi;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pod token is worth what its pod is: once the pod has ended (its agent exited: a run paused for
 * an approval, an earlier run before a follow-up) or is gone, its token authorises nothing, even
 * while the investigation goes on with another pod. The server remembered an accepted token until
 * the token expired (up to ten minutes) without looking at its pod again, and a review took the
 * token of a pod that had ended, so a token copied out of a finished pod could still deliver events
 * to the investigation's next run.
 */
class PodTokenAfterItsPodAttackTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration NOTICE = Duration.ofSeconds(10);
  private static final String AGENT = "system:serviceaccount:oats:oats-agent";

  @TempDir Path dir;

  @Test
  void theTokenOfAPodThatEndedOrWentAuthorisesNothing() throws Exception {
    TokenReviewApi[] reviews = new TokenReviewApi[1];
    try (CrudApiServer kube =
            new CrudApiServer(responses -> reviews[0] = new TokenReviewApi(responses));
        ServerHarness harness = new ServerHarness(dir)) {
      TokenReviewApi api = reviews[0];
      Map<String, String> env = new HashMap<>();
      env.put("OATS_JOB_NAMESPACE", AgentCluster.NAMESPACE);
      env.put("OATS_AGENT_AUTH", "pod-token");
      env.put("OATS_AGENT_REPORT_GRACE_SECONDS", "600");
      env.put("OATS_AGENT_START_GRACE_SECONDS", "600");
      KubernetesRunnerConfig config =
          KubernetesRunnerConfig.from(env, Path.of("/nonexistent/namespace"));
      harness.start(AgentCluster.runners(kube.client, config));
      String id = harness.submit("why is checkout slow?");
      awaitJob(kube, id);

      // The first pod runs the agent, which delivers: its token is reviewed and remembered.
      Pod first = AgentPods.create(kube, id, "abcde", "Running");
      String ofFirst = api.issue(issued(first));
      HttpResponse<String> taken = await(harness, id, ofFirst, 200);
      assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);

      // The agent exits (the run paused for an approval, say): the pod has succeeded.
      kube.client
          .pods()
          .inNamespace(AgentCluster.NAMESPACE)
          .withName(first.getMetadata().getName())
          .edit(
              p -> new PodBuilder(p).editOrNewStatus().withPhase("Succeeded").endStatus().build());
      HttpResponse<String> afterEnd = await(harness, id, ofFirst, 401);
      assertThat(afterEnd.statusCode())
          .as("the remembered token of a pod that ended: " + afterEnd.body())
          .isEqualTo(401);
      String freshOfFirst = api.issue(issued(first));
      HttpResponse<String> reviewed = history(harness, id, freshOfFirst);
      assertThat(reviewed.statusCode())
          .as("a token of the ended pod, reviewed: " + reviewed.body())
          .isEqualTo(401);

      // The investigation goes on with another pod, whose token is taken...
      Pod second = AgentPods.create(kube, id, "fghij", "Running");
      String ofSecond = api.issue(issued(second));
      assertThat(await(harness, id, ofSecond, 200).statusCode()).isEqualTo(200);
      assertThat(ServerHarness.json(harness.get("/investigations/" + id)).path("state").asText())
          .as("the investigation has not ended: the refusals are the pods', not its end")
          .isNotEqualTo("ended");
      // ... until that pod is deleted.
      kube.client
          .pods()
          .inNamespace(AgentCluster.NAMESPACE)
          .withName(second.getMetadata().getName())
          .delete();
      HttpResponse<String> afterDelete = await(harness, id, ofSecond, 401);
      assertThat(afterDelete.statusCode())
          .as("the remembered token of a deleted pod: " + afterDelete.body())
          .isEqualTo(401);
      assertThat(ServerHarness.json(harness.get("/investigations/" + id)).path("state").asText())
          .isNotEqualTo("ended");
    }
  }

  private static TokenReviewApi.Issued issued(Pod pod) {
    return new TokenReviewApi.Issued(
        "oats", AGENT, pod.getMetadata().getName(), pod.getMetadata().getUid());
  }

  private static void awaitJob(CrudApiServer kube, String id) throws InterruptedException {
    Instant until = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(until)) {
      if (kube.client
              .batch()
              .v1()
              .jobs()
              .inNamespace(AgentCluster.NAMESPACE)
              .withName(dev.oats.runner.JobNames.of(id))
              .get()
          != null) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no Job for investigation " + id + " within " + WAIT);
  }

  /**
   * The history with this token, asked until the answer has the status wanted (the watch has to see
   * a pod change first) or the time is up; the last answer.
   */
  private static HttpResponse<String> await(
      ServerHarness harness, String id, String token, int wanted) throws Exception {
    Instant until = Instant.now().plus(wanted == 200 ? WAIT : NOTICE);
    HttpResponse<String> response = history(harness, id, token);
    while (response.statusCode() != wanted && Instant.now().isBefore(until)) {
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
