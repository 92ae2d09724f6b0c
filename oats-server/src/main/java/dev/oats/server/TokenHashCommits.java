package dev.oats.server;

import dev.oats.store.InvestigationStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the event-token hashes of the runs being started in as few commits as the starters allow: a
 * claim round's starters make their Jobs at about the same time and each then keeps its run's token
 * hash, so whoever finds no commit under way writes every hash waiting (its own and those that
 * queued meanwhile) in one transaction, and the others wait for the commit that holds theirs. Each
 * caller still returns only once its hash is committed (or refused): what a start acknowledges is
 * unchanged, only the number of commits falls.
 */
final class TokenHashCommits {

  /** At most this many hashes per commit. */
  private static final int MAX_BATCH = 256;

  private record Waiting(String id, String hash, CompletableFuture<Boolean> kept) {}

  private final InvestigationStore store;
  private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  TokenHashCommits(InvestigationStore store) {
    this.store = store;
  }

  /**
   * Keeps the hash unless the investigation has ended, as {@link
   * InvestigationStore#setEventTokenHash} does, possibly in one commit with others.
   *
   * @return whether it was kept
   */
  boolean set(String id, String hash) {
    Waiting mine = new Waiting(id, hash, new CompletableFuture<>());
    queue.add(mine);
    while (!mine.kept().isDone()) {
      if (writing.compareAndSet(false, true)) {
        try {
          while (!queue.isEmpty()) {
            commitWaiting();
          }
        } finally {
          writing.set(false);
        }
      } else {
        try {
          // Woken by the commit that holds it; else, when the writer left before it was queued,
          // it looks again and writes it itself.
          mine.kept().get(2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // Look again.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while keeping an event token", e);
        } catch (ExecutionException e) {
          break;
        }
      }
    }
    try {
      return mine.kept().join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * The hashes waiting, taken for a claim round that keeps them in its own transaction (one commit
   * for both); null when none waits or a commit of hashes is under way. Until the round calls
   * {@link Taken#committed} or {@link Taken#notCommitted}, no other commit of hashes begins and
   * their callers keep waiting.
   */
  Taken takeForRound() {
    if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
      return null;
    }
    Map<String, Waiting> batch = nextBatch();
    if (batch.isEmpty()) {
      writing.set(false);
      return null;
    }
    return new Taken(batch);
  }

  /** Hashes a claim round took: it keeps them in its commit, or hands them back. */
  final class Taken {
    private final Map<String, Waiting> batch;
    private final Map<String, String> hashes = new LinkedHashMap<>();

    private Taken(Map<String, Waiting> batch) {
      this.batch = batch;
      batch.forEach((id, waiting) -> hashes.put(id, waiting.hash()));
    }

    /** Investigation id → hash, for the round's transaction. */
    Map<String, String> hashes() {
      return hashes;
    }

    /** The round committed them; {@code notKept}: those whose investigation had ended. */
    void committed(Set<String> notKept) {
      batch.values().forEach(w -> w.kept().complete(!notKept.contains(w.id())));
      writing.set(false);
    }

    /**
     * The round failed (for its own reasons, perhaps): nothing of it was stored, and the hashes are
     * queued again for a commit of their own, which their callers then make.
     */
    void notCommitted() {
      queue.addAll(batch.values());
      writing.set(false);
    }
  }

  private Map<String, Waiting> nextBatch() {
    Map<String, Waiting> batch = new LinkedHashMap<>();
    Waiting next;
    while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
      Waiting earlier = batch.put(next.id(), next);
      if (earlier != null) {
        // The same run twice in one batch (not seen: one start per claim): the first goes alone.
        queue.add(next);
        batch.put(earlier.id(), earlier);
        break;
      }
    }
    return batch;
  }

  private void commitWaiting() {
    Map<String, Waiting> batch = nextBatch();
    if (batch.isEmpty()) {
      return;
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    batch.forEach((id, waiting) -> hashes.put(id, waiting.hash()));
    Set<String> ended;
    try {
      ended = store.setEventTokenHashes(hashes);
    } catch (RuntimeException e) {
      List.copyOf(batch.values()).forEach(w -> w.kept().completeExceptionally(e));
      return;
    }
    batch.values().forEach(w -> w.kept().complete(!ended.contains(w.id())));
  }
}
