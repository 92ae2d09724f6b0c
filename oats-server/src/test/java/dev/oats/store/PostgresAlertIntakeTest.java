package dev.oats.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two server replicas on one PostgreSQL take in the same alert at once: the intake lock is a row
 * lock in the database, so only one of them starts an investigation for it.
 */
class PostgresAlertIntakeTest {

  @RegisterExtension static final PostgresExtension postgres = new PostgresExtension();

  @Test
  void replicasSharingTheDatabaseStartOneInvestigationForOneAlert() throws Exception {
    DatabaseConfig config = postgres.newDatabase();
    try (Database replicaA = Database.open(config);
        Database replicaB = Database.open(config)) {
      List<Callable<Boolean>> intakes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Database replica = i % 2 == 0 ? replicaA : replicaB;
        intakes.add(() -> takeIn(replica, "fp-shared"));
      }

      List<Boolean> started = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
        for (Future<Boolean> f : pool.invokeAll(intakes)) {
          started.add(f.get());
        }
      }

      assertThat(started).filteredOn(Boolean::booleanValue).hasSize(1);
      assertThat(
              replicaA.investigations().countByStatus().values().stream().mapToLong(n -> n).sum())
          .isEqualTo(1);
      assertThat(replicaB.alerts().latest("fp-shared")).isPresent();
    }
  }

  /** What the intake does: look for the fingerprint's investigation, else start one. */
  private static boolean takeIn(Database replica, String fingerprint) {
    Instant now = Instant.now();
    return replica
        .alerts()
        .underIntakeLock(
            now,
            () -> {
              if (replica.alerts().latest(fingerprint).isPresent()) {
                return false;
              }
              // Starting takes a moment (a Kubernetes Job is several API calls): a racing
              // replica without the lock would look in this window and start another.
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              InvestigationRecord record =
                  InvestigationRecord.pending("alert " + fingerprint, "shop", "local", 15, now);
              replica.investigations().create(record);
              replica
                  .alerts()
                  .insert(
                      new AlertStore.StoredAlert(
                          record.id(),
                          fingerprint,
                          "KubePodCrashLooping",
                          "firing",
                          Map.of("alertname", "KubePodCrashLooping"),
                          Map.of(),
                          now,
                          null,
                          null,
                          null,
                          "oats",
                          null,
                          now,
                          now,
                          1,
                          null));
              return true;
            });
  }
}
