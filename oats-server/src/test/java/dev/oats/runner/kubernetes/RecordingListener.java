package dev.oats.runner.kubernetes;

import dev.oats.event.RecordedEvent;
import dev.oats.runner.RunListener;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a runner reports, for tests to wait on. */
final class RecordingListener implements RunListener {

  /** One {@link #ended} call. */
  record End(String investigationId, InvestigationStatus status, String reason) {}

  private final List<End> ends = new CopyOnWriteArrayList<>();

  /** What the store would have as running, for a runner that adopts what other replicas started. */
  final List<InvestigationRecord> active = new CopyOnWriteArrayList<>();

  @Override
  public List<InvestigationRecord> active() {
    return List.copyOf(active);
  }

  @Override
  public void event(String investigationId, String runId, RecordedEvent event) {
    throw new AssertionError("a Kubernetes runner never reports events itself");
  }

  @Override
  public List<RecordedEvent> history(String investigationId) {
    throw new AssertionError("a Kubernetes runner's agents read the log over HTTP");
  }

  @Override
  public void ended(String investigationId, InvestigationStatus status, String reason) {
    ends.add(new End(investigationId, status, reason));
  }

  List<End> ends(String investigationId) {
    return ends.stream().filter(e -> e.investigationId().equals(investigationId)).toList();
  }

  /** Waits for the first end of the investigation. */
  End awaitEnd(String investigationId, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      List<End> found = ends(investigationId);
      if (!found.isEmpty()) {
        return found.getFirst();
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "investigation " + investigationId + " was not ended within " + within);
  }
}
