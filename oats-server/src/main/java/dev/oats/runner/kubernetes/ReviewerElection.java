package dev.oats.runner.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects the one server replica that watches the agent Jobs and reviews them, with fabric8's leader
 * election on a Lease object ({@code coordination.k8s.io/v1}, {@value #LEASE} in the Jobs'
 * namespace): several replicas judging the same Jobs would each report a crashed agent, and each
 * keep informers on every Job and pod. The others stand by and take over when the leader stops
 * renewing the Lease (at once when it releases it on a clean stop, after the lease duration when it
 * dies). A replica that loses the Lease joins the election again.
 */
public final class ReviewerElection implements AutoCloseable {

  /** The Lease the replicas contend for. */
  public static final String LEASE = "oats-reviewer";

  private static final Logger log = LoggerFactory.getLogger(ReviewerElection.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String identity;
  private final Timing timing;
  private final Runnable onLead;
  private final Runnable onStandBy;
  private final ExecutorService executor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("oats-election-", 0).factory());
  private final AtomicBoolean leading = new AtomicBoolean();
  private volatile boolean closed;
  private volatile CompletableFuture<?> running;
  private volatile String leaderSeen;

  /**
   * How the Lease is held.
   *
   * @param leaseDuration how long standbys wait after the last renewal before taking over
   * @param renewDeadline how long the leader keeps trying to renew before it stands down
   * @param retryPeriod how often every replica tries to acquire or renew
   */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

    /** Kubernetes' own controllers' timing: a dead leader is replaced within about 15 s. */
    public static final Timing DEFAULT =
        new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
  }

  /**
   * @param identity this replica's name in the Lease
   * @param onLead starts the watching; called when this replica becomes the leader
   * @param onStandBy stops it; called when this replica stops being the leader
   */
  public ReviewerElection(
      KubernetesClient client,
      String namespace,
      String identity,
      Timing timing,
      Runnable onLead,
      Runnable onStandBy) {
    this.client = client;
    this.namespace = namespace;
    this.identity = identity;
    this.timing = timing;
    this.onLead = onLead;
    this.onStandBy = onStandBy;
  }

  /** Joins the election and returns; the callbacks run when leadership comes and goes. */
  public ReviewerElection start() {
    join();
    return this;
  }

  private synchronized void join() {
    if (closed) {
      return;
    }
    LeaderElector elector =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName("oats-reviewer")
                    .withLock(new LeaseLock(namespace, LEASE, identity))
                    .withLeaseDuration(timing.leaseDuration())
                    .withRenewDeadline(timing.renewDeadline())
                    .withRetryPeriod(timing.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(this::led, this::stoodDown, this::newLeader))
                    .build())
            .build();
    running = elector.start();
    running.whenComplete(
        (done, failure) -> {
          // However the elector ended (the Lease lost, the API unreachable), this replica no
          // longer leads.
          stoodDown();
          if (!closed) {
            log.info(
                "Replica {} left the reviewer election{}; joining it again",
                identity,
                failure == null ? "" : " (" + failure + ")");
            CompletableFuture.delayedExecutor(
                    timing.retryPeriod().toMillis(), TimeUnit.MILLISECONDS, executor)
                .execute(this::join);
          }
        });
  }

  private void led() {
    if (leading.compareAndSet(false, true)) {
      log.info("Replica {} leads: it watches and reviews the agent Jobs", identity);
      onLead.run();
    }
  }

  private void stoodDown() {
    if (leading.compareAndSet(true, false)) {
      log.info("Replica {} no longer leads: it stops watching the agent Jobs", identity);
      onStandBy.run();
    }
  }

  private void newLeader(String leader) {
    leaderSeen = leader;
    if (leader != null && !identity.equals(leader)) {
      log.info("Replica {} leads the review of the agent Jobs; {} stands by", leader, identity);
    }
  }

  /** The leader this replica last found in the Lease (itself included); null before it looked. */
  public String leaderSeen() {
    return leaderSeen;
  }

  /** Whether this replica is the reviewer now. */
  public boolean leading() {
    return leading.get();
  }

  /**
   * Leaves the election: stops reviewing first, then releases the Lease if this replica holds it,
   * so that another takes over at once and never while this one still reviews.
   */
  @Override
  public void close() {
    CompletableFuture<?> current;
    synchronized (this) {
      closed = true;
      current = running;
    }
    stoodDown();
    if (current != null) {
      current.cancel(true);
    }
    executor.shutdownNow();
  }
}
