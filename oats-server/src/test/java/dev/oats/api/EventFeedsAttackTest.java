package dev.oats.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.server.EventBus;
import dev.oats.store.Database;
import dev.oats.store.DatabaseConfig;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reviewer's evidence: a store read that fails while a watcher joins (the database busy or gone for
 * a moment) leaves the feed counted as watched: join incremented the count inside compute and then
 * threw from loadOnce, and the SSE pump and WebSocket watcher call join outside their try, so no
 * leave ever comes. The feed, its bus subscription and its platform broadcaster thread stay for the
 * life of the process.
 */
class EventFeedsAttackTest {

  @TempDir Path dir;

  @Test
  void aJoinWhoseStoreReadFailsLeavesNoFeedNorBroadcasterThreadBehind() throws Exception {
    try (Database database = Database.open(DatabaseConfig.h2File(dir))) {
      InvestigationStore real = database.investigations();
      AtomicBoolean down = new AtomicBoolean(true);
      InvestigationStore store =
          (InvestigationStore)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {InvestigationStore.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("events") && down.get()) {
                      throw new IllegalStateException("database unavailable");
                    }
                    try {
                      return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      InvestigationRecord record =
          InvestigationRecord.pending("why?", "shop", "local", 15, Instant.now());
      store.create(record);
      String id = record.id();
      EventFeeds feeds = new EventFeeds(new EventBus(), store);

      assertThatThrownBy(() -> feeds.join(id)).hasMessageContaining("database unavailable");
      down.set(false);
      EventFeed feed = feeds.join(id);
      assertThat(broadcasterRuns(id)).as("the feed's broadcaster runs while watched").isTrue();
      feeds.leave(id, feed);

      assertThat(feeds.open()).as("feeds still open after every watcher left").isZero();
      // The broadcaster ends by itself once told: waited for, up to a bound far above that.
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
      while (broadcasterRuns(id) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .noneMatch(name -> name.startsWith("feed-" + id + "-"));
    }
  }

  private static boolean broadcasterRuns(String id) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("feed-" + id + "-"));
  }
}
