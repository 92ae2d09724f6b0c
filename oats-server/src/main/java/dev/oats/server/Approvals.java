package dev.oats.server;

import dev.oats.agent.ApprovalGate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls waiting for a person: the agent's thread blocks in {@link #decide} until someone approves
 * or denies through the API, the investigation is cancelled, or the wait times out (denied).
 */
public final class Approvals implements ApprovalGate {

  private final Map<String, CompletableFuture<Decision>> waiting = new ConcurrentHashMap<>();
  private final Duration timeout;

  public Approvals(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public Decision decide(Request request) throws InterruptedException {
    String key = key(request.investigationId(), request.callId());
    CompletableFuture<Decision> decision = new CompletableFuture<>();
    waiting.put(key, decision);
    try {
      return decision.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Decision.deny("nobody decided within " + spoken(timeout));
    } catch (ExecutionException e) {
      return Decision.deny("the approval failed: " + e.getCause());
    } finally {
      waiting.remove(key);
    }
  }

  /** "5 seconds", "90 seconds", "1 minute", "10 minutes": never "0 minutes". */
  static String spoken(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 60 || seconds % 60 != 0) {
      return seconds + (seconds == 1 ? " second" : " seconds");
    }
    long minutes = seconds / 60;
    return minutes + (minutes == 1 ? " minute" : " minutes");
  }

  /** What happened to a decision sent through the API. */
  public enum Outcome {
    DECIDED,
    NOT_WAITING
  }

  /** Approves or denies a waiting call. */
  public Outcome resolve(String investigationId, String callId, boolean approve, String reason) {
    CompletableFuture<Decision> decision = waiting.get(key(investigationId, callId));
    if (decision == null) {
      return Outcome.NOT_WAITING;
    }
    String why = reason == null || reason.isBlank() ? (approve ? "approved" : "denied") : reason;
    return decision.complete(approve ? Decision.approve(why) : Decision.deny(why))
        ? Outcome.DECIDED
        : Outcome.NOT_WAITING;
  }

  private static String key(String investigationId, String callId) {
    return investigationId + '/' + callId;
  }
}
