package dev.oats.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What replicas agree on through PostgreSQL, raced by as many callers as there are replicas (each
 * with a pool of its own): the first secret stored wins, one first key is made, a ticket is used
 * once.
 */
class SharedSecretsTest {

  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  private static final int REPLICAS = 6;

  private final List<Database> replicas = new ArrayList<>();

  @BeforeEach
  void open() {
    DatabaseConfig config = POSTGRES.newDatabase();
    for (int i = 0; i < REPLICAS; i++) {
      replicas.add(Database.open(config));
    }
  }

  @AfterEach
  void close() {
    replicas.forEach(Database::close);
  }

  @Test
  void ofReplicasStoringTheFirstKeyAtOnceExactlyOneWins() throws Exception {
    List<Boolean> won =
        race(
            i ->
                replicas
                    .get(i)
                    .shared()
                    .storeFirstKey(new SharedSecrets.StoredKey("key-" + i, digest(i))));

    assertThat(won.stream().filter(w -> w).count()).isEqualTo(1);
    assertThat(replicas.getFirst().shared().apiKeys()).hasSize(1);
    // Never again, even with no race.
    assertThat(
            replicas.get(1).shared().storeFirstKey(new SharedSecrets.StoredKey("late", digest(99))))
        .isFalse();
  }

  @Test
  void ofReplicasMakingTheSameSecretAtOnceAllGetTheOneStored() throws Exception {
    List<String> secrets =
        race(i -> replicas.get(i).shared().secret("ticket", () -> "made-by-" + i));

    assertThat(secrets).hasSize(REPLICAS).containsOnly(secrets.getFirst());
  }

  @Test
  void aTicketIsUsedOnceWhicheverReplicasPresentItAtOnce() throws Exception {
    Instant now = Instant.now();
    List<Boolean> used =
        race(i -> replicas.get(i).shared().firstUse("nonce-1", now.plusSeconds(60), now));

    assertThat(used.stream().filter(u -> u).count()).isEqualTo(1);
  }

  private interface Call<T> {
    T call(int replica) throws Exception;
  }

  private static <T> List<T> race(Call<T> call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(REPLICAS)) {
      for (int i = 0; i < REPLICAS; i++) {
        int replica = i;
        Callable<T> task =
            () -> {
              go.await();
              return call.call(replica);
            };
        futures.add(threads.submit(task));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }

  private static String digest(int i) {
    return "%064x".formatted(i);
  }
}
