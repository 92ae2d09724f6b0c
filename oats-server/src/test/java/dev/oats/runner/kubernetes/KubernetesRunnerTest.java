package dev.oats.runner.kubernetes;

import static dev.oats.runner.kubernetes.AgentCluster.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.oats.runner.RunnerException;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import dev.oats.testkit.CrudApiServer;
import dev.oats.testkit.ManualClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the runner starts, cancels, recovers and settles Jobs, against the mock API server. */
class KubernetesRunnerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  static CrudApiServer api;
  static KubernetesMockServer server;
  static KubernetesClient client;

  private final RecordingListener listener = new RecordingListener();
  private final List<KubernetesRunner.Judgment> judgments = new CopyOnWriteArrayList<>();
  private final ManualClock clock = new ManualClock(Instant.now());
  private AgentCluster cluster;
  private KubernetesRunner runner;

  @BeforeAll
  static void startTheApi() {
    api = new CrudApiServer();
    server = api.server;
    client = api.client;
  }

  @AfterAll
  static void stopTheApi() {
    api.close();
  }

  @BeforeEach
  void setUp() {
    cluster = new AgentCluster(client);
  }

  @AfterEach
  void stop() {
    if (runner != null) {
      runner.close();
    }
  }

  /** A runner on the test's clock, which stands still until a test moves it. */
  private KubernetesRunner runner(int reportGraceSeconds, int startGraceSeconds) {
    runner =
        new KubernetesRunner(
            client,
            false,
            AgentCluster.config(reportGraceSeconds, startGraceSeconds),
            listener,
            id -> "token-" + id,
            clock);
    runner.onJudged(judgments::add);
    return runner;
  }

  /**
   * Waits for a review of the investigation that matches, made once whatever it decided was done:
   * after it, an end the review would have told is in the listener.
   */
  private KubernetesRunner.Judgment awaitJudgment(
      InvestigationRecord record, String what, Predicate<KubernetesRunner.Judgment> matching)
      throws InterruptedException {
    return awaitJudgments(record, what, 1, matching).getFirst();
  }

  private List<KubernetesRunner.Judgment> awaitJudgments(
      InvestigationRecord record,
      String what,
      int count,
      Predicate<KubernetesRunner.Judgment> matching)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<KubernetesRunner.Judgment> found =
          judgments.stream()
              .filter(j -> j.investigationId().equals(record.id()) && matching.test(j))
              .toList();
      if (found.size() >= count) {
        return found;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not " + count + " reviews within " + WAIT + " " + what + "; " + judgments);
      }
      Thread.sleep(20);
    }
  }

  private static boolean terminated(KubernetesRunner.Judgment judgment, String reason) {
    return judgment.pods().stream()
        .flatMap(
            p ->
                p.getStatus() == null ? Stream.of() : p.getStatus().getContainerStatuses().stream())
        .anyMatch(
            c ->
                c.getState().getTerminated() != null
                    && reason.equals(c.getState().getTerminated().getReason()));
  }

  private InvestigationRecord started(KubernetesRunner runner) throws RunnerException {
    InvestigationRecord record = AgentCluster.running("why?");
    runner.start(record);
    return record;
  }

  @Test
  void anOomKilledAgentFailsItsInvestigationWithTheExitCodeAndTheLimit() throws Exception {
    InvestigationRecord record = started(runner(0, 30));
    Pod pod = cluster.createPod(record, clock.instant());
    cluster.containerTerminated(pod, "OOMKilled", 137, null);
    // The Job may start another pod (backoffLimit 1): a killed container alone ends nothing.
    awaitJudgment(record, "that saw the OOMKilled container", j -> terminated(j, "OOMKilled"));
    assertThat(listener.ends(record.id())).isEmpty();

    cluster.jobEnded(
        record, "Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit");

    RecordingListener.End end = listener.awaitEnd(record.id(), WAIT);
    assertThat(end.status()).isEqualTo(InvestigationStatus.FAILED);
    assertThat(end.reason())
        .isEqualTo(
            "the agent's container was OOMKilled (exit code 137): it needed more memory than its"
                + " limit of 1Gi; raise OATS_AGENT_MEMORY_LIMIT; the Job failed:"
                + " BackoffLimitExceeded (Job has reached the specified backoff limit)");
  }

  @Test
  void aJobThatCompletedWithoutAReportFailsAfterTheGrace() throws Exception {
    InvestigationRecord record = started(runner(2, 30));
    cluster.createPod(record, clock.instant());
    cluster.jobEnded(record, "Complete", null, null);

    awaitJudgment(record, "that saw the Job over", j -> j.verdict() instanceof JobVerdict.Ended);
    assertThat(listener.ends(record.id())).as("within the grace").isEmpty();
    clock.advance(Duration.ofSeconds(2));
    RecordingListener.End end = listener.awaitEnd(record.id(), WAIT);
    assertThat(end.reason()).isEqualTo("the agent exited without reporting its result");
    assertThat(listener.ends(record.id())).hasSize(1);
  }

  @Test
  void theDeadlineIsNamedWhenKubernetesStopsTheAgent() throws Exception {
    InvestigationRecord record = started(runner(0, 30));
    cluster.jobEnded(
        record, "Failed", "DeadlineExceeded", "Job was active longer than specified deadline");

    assertThat(listener.awaitEnd(record.id(), WAIT).reason())
        .isEqualTo(
            "the agent ran past its Job's deadline of 1020 s (OATS_TIMEOUT_SECONDS + 120) and was"
                + " stopped");
  }

  @Test
  void anImageThatCannotBePulledFailsTheInvestigationAndTheJobGoes() throws Exception {
    // Once the start grace is over: 0 s here, as its timing is JobVerdictTest's business.
    InvestigationRecord record = started(runner(0, 0));
    Pod pod = cluster.createPod(record, clock.instant());
    cluster.containerWaiting(
        pod, "ImagePullBackOff", "Back-off pulling image \"localhost/oats-agent:0.1.0\"");
    // However the API server stamped the pod's creation, it is now past the start grace.
    clock.advance(Duration.ofMinutes(1));

    RecordingListener.End end = listener.awaitEnd(record.id(), WAIT);
    assertThat(end.reason())
        .isEqualTo(
            "the agent's container could not start: ImagePullBackOff: Back-off pulling image"
                + " \"localhost/oats-agent:0.1.0\" (check"
                + " AGENT_IMAGE=localhost/oats-agent:0.1.0 and that the cluster can pull"
                + " it) for over 0 s");
    awaitJobGone(record);
  }

  @Test
  void aRunningJobIsLeftAlone() throws Exception {
    InvestigationRecord record = started(runner(0, 0));
    cluster.createPod(record, clock.instant().minusSeconds(60));
    awaitJudgment(record, "that saw the pod", j -> !j.pods().isEmpty());
    // Past every grace: a running Job with its pod is still left alone.
    clock.advance(KubernetesRunner.MISSING_GRACE.plusSeconds(1));
    Instant later = clock.instant();

    KubernetesRunner.Judgment judged =
        awaitJudgment(record, "after the graces", j -> !j.at().isBefore(later));

    assertThat(judged.verdict()).isEqualTo(new JobVerdict.Running());
    assertThat(listener.ends(record.id())).isEmpty();
  }

  @Test
  void cancellingDeletesTheJobAndReportsTheCancellation() throws Exception {
    InvestigationRecord record = started(runner(0, 30));
    InvestigationRecord other = started(runner);
    InvestigationRecord running = started(runner);

    runner.cancel(record.id());

    assertThat(listener.ends(record.id()))
        .containsExactly(
            new RecordingListener.End(
                record.id(), InvestigationStatus.CANCELLED, "Cancelled by a user."));
    awaitJobGone(record);
    // Another Job deleted after it, past the grace for a Job missing from the watch: that one is
    // taken for a failure, so the reviewer has seen both deletions by then.
    client.batch().v1().jobs().inNamespace(NAMESPACE).withName(other.jobName()).delete();
    clock.advance(KubernetesRunner.MISSING_GRACE.plusSeconds(1));
    Instant later = clock.instant();
    assertThat(listener.awaitEnd(other.id(), WAIT).reason())
        .isEqualTo(
            "its Job " + other.jobName() + " was deleted before the agent reported its result");
    // Two periodic reviews of a third, untouched Job: a whole round of reviews lies between them,
    // which would have judged the cancelled investigation had it still been watched.
    awaitJudgments(running, "after the grace", 2, j -> !j.at().isBefore(later));
    assertThat(listener.ends(record.id())).as("the deletion is not taken for a failure").hasSize(1);
  }

  @Test
  void recoveryEndsInvestigationsWhoseJobIsGoneAndSettlesOrWatchesTheOthers() throws Exception {
    KubernetesRunner before = runner(0, 30);
    InvestigationRecord gone = started(before);
    InvestigationRecord completed = started(before);
    InvestigationRecord stillRunning = started(before);
    before.onJudged(judgment -> {});
    before.close();
    judgments.clear();
    client.batch().v1().jobs().inNamespace(NAMESPACE).withName(gone.jobName()).delete();
    cluster.jobEnded(completed, "Complete", null, null);

    KubernetesRunner after = runner(0, 30);
    after.recover(List.of(gone, completed, stillRunning));

    assertThat(listener.awaitEnd(gone.id(), WAIT).reason())
        .isEqualTo("its Job " + gone.jobName() + " no longer exists (server restarted)");
    assertThat(listener.awaitEnd(completed.id(), WAIT).reason())
        .isEqualTo("the agent exited without reporting its result");
    awaitJudgment(stillRunning, "that saw its Job", j -> j.verdict() instanceof JobVerdict.Running);
    assertThat(listener.ends(stillRunning.id())).isEmpty();

    cluster.jobEnded(stillRunning, "Failed", "BackoffLimitExceeded", null);
    assertThat(listener.awaitEnd(stillRunning.id(), WAIT).reason())
        .isEqualTo("the Job failed: BackoffLimitExceeded");
  }

  @Test
  void aForbiddenJobCreationSaysWhichPermissionIsMissingAndLeavesNoSecret() throws Exception {
    KubernetesRunner runner = runner(0, 30);
    Status forbidden =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(403)
            .withReason("Forbidden")
            .withMessage(
                "jobs.batch is forbidden: User \"system:serviceaccount:oats:oats\" cannot create"
                    + " resource \"jobs\" in API group \"batch\" in the namespace \"oats\"")
            .build();
    answerNextJobCreate(403, forbidden);
    InvestigationRecord record = AgentCluster.running("why?");

    RunnerException e = catchThrowableOfType(RunnerException.class, () -> runner.start(record));

    assertThat(e.unavailable()).isFalse();
    assertThat(e.getMessage())
        .isEqualTo(
            "the server's service account may not create Jobs in namespace oats: jobs.batch is"
                + " forbidden: User \"system:serviceaccount:oats:oats\" cannot create resource"
                + " \"jobs\" in API group \"batch\" in the namespace \"oats\"");
    assertThat(client.secrets().inNamespace(NAMESPACE).withName(record.jobName() + "-token").get())
        .isNull();
  }

  @Test
  void anUnreachableApiMakesTheRunnerUnavailable() throws Exception {
    int port = unusedPort();
    try (KubernetesClient nowhere =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + port)
                    .withConnectionTimeout(1_000)
                    .withRequestTimeout(1_000)
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      KubernetesRunner runner =
          new KubernetesRunner(nowhere, AgentCluster.config(0, 30), listener, id -> "t");
      try {
        RunnerException e =
            catchThrowableOfType(
                RunnerException.class, () -> runner.start(AgentCluster.running("why?")));

        assertThat(e.unavailable()).as("%s (%s)", e.getMessage(), e.getCause()).isTrue();
        assertThat(e.getMessage())
            .startsWith("cannot reach the Kubernetes API at http://127.0.0.1:" + port);
      } finally {
        runner.close();
      }
    }
  }

  /** The API server answers the next Job create so, once. */
  void answerNextJobCreate(int code, Status status) {
    server
        .expect()
        .post()
        .withPath("/apis/batch/v1/namespaces/oats/jobs")
        .andReturn(code, status)
        .once();
  }

  private void awaitJobGone(InvestigationRecord record) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cluster.job(record) != null) {
      assertThat(System.nanoTime()).as("Job deleted in time").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
