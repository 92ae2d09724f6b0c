package dev.oats.runner.kubernetes;

import static dev.oats.runner.kubernetes.AgentCluster.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import dev.oats.telemetry.Telemetry;
import dev.oats.testkit.CrudApiServer;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several server replicas' Kubernetes runners elect one reviewer through a Lease on fabric8's mock
 * API server: one watches and judges the agent Jobs at a time, and another takes over when it
 * stops, whether it leaves cleanly or dies without releasing the Lease.
 */
class ReviewerElectionTest {

  /**
   * For the test that waits out a dead leader's Lease: fast enough for a test; the renew deadline
   * stays below the lease, as in production, so a cut-off leader stands down before another takes
   * over.
   */
  private static final ReviewerElection.Timing FAST =
      new ReviewerElection.Timing(
          Duration.ofMillis(4_000), Duration.ofMillis(3_000), Duration.ofMillis(300));

  /**
   * For the tests in which no leader dies. A renewal can take seconds on a loaded machine: with
   * FAST, one renewal held 3.5 s made the leader stand down in the middle of the first test, which
   * failed so once at load 24 too. A leader that leaves cleanly releases the Lease, so its length
   * costs these tests nothing.
   */
  private static final ReviewerElection.Timing STEADY =
      new ReviewerElection.Timing(
          Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(300));

  private static final Duration WAIT = Duration.ofSeconds(15);

  private CrudApiServer api;
  private final List<KubernetesClient> clients = new ArrayList<>();
  private final List<KubernetesRunner> runners = new ArrayList<>();
  private final AtomicInteger maxReviewing = new AtomicInteger();
  private final AtomicBoolean sampling = new AtomicBoolean(true);
  private Thread sampler;

  @BeforeEach
  void startTheApi() {
    api = new CrudApiServer();
  }

  @AfterEach
  void stop() throws InterruptedException {
    sampling.set(false);
    if (sampler != null) {
      sampler.join();
    }
    runners.forEach(KubernetesRunner::close);
    clients.forEach(KubernetesClient::close);
    api.close();
  }

  /** A replica's runner with a client of its own, as each replica has. */
  private KubernetesRunner replica(String identity, RecordingListener listener) {
    return replica(identity, listener, STEADY);
  }

  private KubernetesRunner replica(
      String identity, RecordingListener listener, ReviewerElection.Timing timing) {
    KubernetesClient client = api.server.createClient();
    clients.add(client);
    KubernetesRunner runner =
        KubernetesRunner.elected(
            client,
            false,
            AgentCluster.config(0, 30),
            listener,
            id -> "token-" + id,
            identity,
            timing,
            Telemetry.disabled());
    runners.add(runner);
    return runner;
  }

  /** Counts the reviewing runners as often as it can, for the whole test. */
  private void sampleReviewers(KubernetesRunner... replicas) {
    sampler =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  while (sampling.get()) {
                    int reviewing = 0;
                    for (KubernetesRunner r : replicas) {
                      reviewing += r.reviewing() ? 1 : 0;
                    }
                    maxReviewing.accumulateAndGet(reviewing, Math::max);
                    Thread.onSpinWait();
                  }
                });
  }

  private String holder() {
    Lease lease = api.client.leases().inNamespace(NAMESPACE).withName(ReviewerElection.LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Waits until the leader has renewed the Lease so many times more. */
  private void awaitRenewals(int renewals) throws InterruptedException {
    java.util.Set<Object> seen = new java.util.HashSet<>();
    await(
        renewals + " renewals of the Lease",
        () -> {
          Lease lease =
              api.client.leases().inNamespace(NAMESPACE).withName(ReviewerElection.LEASE).get();
          if (lease != null && lease.getSpec().getRenewTime() != null) {
            seen.add(lease.getSpec().getRenewTime());
          }
          return seen.size() > renewals;
        });
  }

  @Test
  void oneReplicaReviewsAtATimeAndAnotherTakesOverWhenTheLeaderLeaves() throws Exception {
    KubernetesRunner a = replica("replica-a", new RecordingListener());
    KubernetesRunner b = replica("replica-b", new RecordingListener());
    sampleReviewers(a, b);

    await("one replica reviews", () -> a.reviewing() || b.reviewing());
    KubernetesRunner leader = a.reviewing() ? a : b;
    KubernetesRunner standby = leader == a ? b : a;
    String leaderId = leader == a ? "replica-a" : "replica-b";
    // The standby has tried the Lease and found the leader in it; several renewals later, still
    // the same one reviews, and the other stands by.
    await("the standby finds the leader in the Lease", () -> leaderId.equals(standby.leaderSeen()));
    awaitRenewals(3);
    assertThat(leader.reviewing()).isTrue();
    assertThat(standby.reviewing()).isFalse();
    assertThat(holder()).isEqualTo(leaderId);

    leader.close();

    await("the standby takes over", standby::reviewing);
    assertThat(holder()).isEqualTo(leaderId.equals("replica-a") ? "replica-b" : "replica-a");
    assertThat(maxReviewing.get()).as("replicas reviewing at once").isEqualTo(1);
  }

  @Test
  void aLeaderThatDiesWithoutReleasingTheLeaseIsReplacedOnceTheLeaseRunsOut() throws Exception {
    // The Lease must run out here: FAST's.
    KubernetesRunner a = replica("replica-a", new RecordingListener(), FAST);
    await("replica-a reviews", a::reviewing);
    KubernetesRunner b = replica("replica-b", new RecordingListener(), FAST);
    sampleReviewers(a, b);
    await("replica-b finds replica-a in the Lease", () -> "replica-a".equals(b.leaderSeen()));
    awaitRenewals(2);
    assertThat(b.reviewing()).isFalse();

    // As a process that dies: its API connection goes first, so it can no longer release the
    // Lease, and then it stops.
    clients.getFirst().close();
    a.close();
    long died = System.nanoTime();
    assertThat(holder()).as("the dead leader still holds the Lease").isEqualTo("replica-a");

    await("replica-b takes over", b::reviewing);
    long tookMillis = (System.nanoTime() - died) / 1_000_000;
    assertThat(holder()).isEqualTo("replica-b");
    assertThat(maxReviewing.get()).as("replicas reviewing at once").isEqualTo(1);
    // Not at once: only once the Lease the dead leader last renewed had run out.
    assertThat(tookMillis).isGreaterThan(1_000);
    System.out.printf("The standby took over %d ms after the leader died%n", tookMillis);
  }

  @Test
  void theReviewerJudgesAJobThatAReplicaWhichIsGoneStarted() throws Exception {
    RecordingListener store = new RecordingListener();
    KubernetesRunner a = replica("replica-a", store);
    await("replica-a reviews", a::reviewing);
    KubernetesRunner b = replica("replica-b", store);
    AgentCluster cluster = new AgentCluster(api.client);

    // Replica b starts the Job (the store shows it running) and goes away.
    InvestigationRecord record = AgentCluster.running("started on b");
    b.start(record);
    store.active.add(record);
    b.close();
    cluster.createPod(record, java.time.Instant.now());
    cluster.jobEnded(record, "Complete", null, null);

    RecordingListener.End end = store.awaitEnd(record.id(), WAIT);
    assertThat(end.status()).isEqualTo(InvestigationStatus.FAILED);
    assertThat(end.reason()).isEqualTo("the agent exited without reporting its result");
    assertThat(a.reviewing()).isTrue();
  }
}
