package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.server.ServerHarness;
import dev.oats.testkit.CrudApiServer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submit with the Kubernetes runner is answered once its investigation is stored and claimed, not
 * once its Job is made; the Job follows, and is made even when the server restarts in between.
 */
class JobDispatchTest {

  private static final Duration CREATE_TAKES = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  /** Answers each Job create only after a delay (the Job is stored at once). */
  static final class SlowJobCreates extends KubernetesMixedDispatcher {
    SlowJobCreates(Map<ServerRequest, Queue<ServerResponse>> expectations) {
      super(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      MockResponse response = super.dispatch(request);
      if (isJobCreate(request)) {
        response.setBodyDelay(CREATE_TAKES);
      }
      return response;
    }
  }

  static boolean isJobCreate(RecordedRequest request) {
    return "POST".equals(request.getMethod()) && request.getPath().endsWith("/jobs");
  }

  private static void start(ServerHarness harness, KubernetesClient kube) throws Exception {
    harness.env.put("OATS_MAX_CONCURRENT", "100");
    harness.start(AgentCluster.runners(kube, AgentCluster.config(60, 60)));
  }

  @Test
  void aSubmitIsAnsweredBeforeItsJobIsMadeAndTheJobWithItsTokenFollows() throws Exception {
    try (CrudApiServer kube = new CrudApiServer(SlowJobCreates::new);
        ServerHarness harness = new ServerHarness(dir)) {
      start(harness, kube.client);

      Instant before = Instant.now();
      HttpResponse<String> response =
          harness.post(
              "/investigate",
              "{\"goal\": \"why is checkout slow?\", \"target_namespace\": \"shop\"}");
      Duration answeredIn = Duration.between(before, Instant.now());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode answer = ServerHarness.json(response);
      assertThat(answer.path("status").asText()).isIn("pending", "running");
      assertThat(answeredIn)
          .as("the submit waited for its Job's create to be answered")
          .isLessThan(CREATE_TAKES);
      String jobName = answer.path("job_name").asText();
      Secret token = awaitSecret(kube, jobName + "-token");
      Job job =
          kube.client
              .batch()
              .v1()
              .jobs()
              .inNamespace(AgentCluster.NAMESPACE)
              .withName(jobName)
              .get();
      assertThat(token.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(job.getMetadata().getUid()));
      assertThat(
              harness
                  .awaitInvestigation(answer.path("job_id").asText(), i -> true)
                  .path("status")
                  .asText())
          .isEqualTo("running");
    }
  }

  @Test
  void aSubmitAnsweredBeforeARestartGetsItsJobAfterIt() throws Exception {
    // The first server's API server takes its requests and never answers: the server stops while
    // its start is on its way, as when it is killed between answering and making the Job.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        KubernetesClient unanswering =
            new KubernetesClientBuilder()
                .withConfig(
                    new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + silent.getLocalPort())
                        .withRequestTimeout(120_000)
                        .build())
                .build();
        CrudApiServer after = new CrudApiServer();
        ServerHarness harness = new ServerHarness(dir)) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      start(harness, unanswering);
      String id = harness.submit("why is the queue backed up?");
      // Claimed (running), its start on its way to an API server that never answers.
      JsonNode answered =
          harness.awaitInvestigation(id, i -> i.path("status").asText().equals("running"));
      String jobName = answered.path("job_name").asText();
      awaitTrue(() -> !held.isEmpty(), "the first server sent its Job create");

      harness.stop();
      start(harness, after.client);

      Secret token = awaitSecret(after, jobName + "-token");
      assertThat(token).isNotNull();
      assertThat(
              after
                  .client
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace(AgentCluster.NAMESPACE)
                  .withName(jobName)
                  .get())
          .as("the Job of the submit answered before the restart")
          .isNotNull();
      assertThat(harness.awaitInvestigation(id, i -> true).path("status").asText())
          .isEqualTo("running");
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  /**
   * Runs {@link #beforeStored} with the investigation's id when a Job create arrives, before the
   * Job is stored: what happens there happens before the Job exists.
   */
  static final class BeforeJobStored extends KubernetesMixedDispatcher {
    static volatile java.util.function.Consumer<String> beforeStored = id -> {};
    private static final java.util.regex.Pattern INVESTIGATION =
        java.util.regex.Pattern.compile("\"oats.dev/investigation\"\\s*:\\s*\"([^\"]+)\"");

    BeforeJobStored(Map<ServerRequest, Queue<ServerResponse>> expectations) {
      super(expectations);
    }

    static final AtomicInteger jobDeletes = new AtomicInteger();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if ("DELETE".equals(request.getMethod()) && request.getPath().contains("/jobs/")) {
        jobDeletes.incrementAndGet();
      }
      if (isJobCreate(request)) {
        java.util.regex.Matcher id =
            INVESTIGATION.matcher(
                new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
        if (id.find()) {
          beforeStored.accept(id.group(1));
        }
      }
      return super.dispatch(request);
    }
  }

  @Test
  void aRunThatEndedBeforeItsJobExistedHasTheJobDeletedOnceMadeAndKeepsNoToken() throws Exception {
    try (CrudApiServer kube = new CrudApiServer(BeforeJobStored::new);
        ServerHarness harness = new ServerHarness(dir)) {
      harness.env.put("OATS_MAX_CONCURRENT", "100");
      harness.start(AgentCluster.runners(kube.client, AgentCluster.config(60, 60)));
      // The count is static, as the dispatcher is made by the API server: another run of this
      // test in the same JVM (a rerun, a repeat) found it at 1 already and waited for 1 in vain.
      BeforeJobStored.jobDeletes.set(0);
      AtomicInteger endedFirst = new AtomicInteger();
      // Cancelled while its Job create is on its way: a cancel then finds no Job to delete.
      BeforeJobStored.beforeStored =
          id -> {
            harness
                .service()
                .ended(id, dev.oats.store.InvestigationStatus.CANCELLED, "Cancelled by a user.");
            endedFirst.incrementAndGet();
          };
      String id = harness.submit("why is checkout slow?");
      assertThat(harness.awaitEnd(id).path("status").asText()).isEqualTo("cancelled");
      String jobName = harness.awaitEnd(id).path("job_name").asText();
      awaitTrue(() -> endedFirst.get() == 1, "the Job create arrived after the end");

      awaitTrue(
          () -> BeforeJobStored.jobDeletes.get() == 1, "the Job made after the end is deleted");
      assertThat(
              kube.client
                  .batch()
                  .v1()
                  .jobs()
                  .inNamespace(AgentCluster.NAMESPACE)
                  .withName(jobName)
                  .get())
          .isNull();
      assertThat(harness.service().store().eventTokenHash(id))
          .as("an ended run keeps no token")
          .isEmpty();
    } finally {
      BeforeJobStored.beforeStored = id -> {};
    }
  }

  private static Secret awaitSecret(CrudApiServer kube, String name) throws Exception {
    Secret[] found = new Secret[1];
    awaitTrue(
        () ->
            (found[0] =
                    kube.client.secrets().inNamespace(AgentCluster.NAMESPACE).withName(name).get())
                != null,
        "Secret " + name + " exists");
    return found[0];
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("never true within " + WAIT.toSeconds() + " s: " + what);
      }
      Thread.sleep(20);
    }
  }
}
