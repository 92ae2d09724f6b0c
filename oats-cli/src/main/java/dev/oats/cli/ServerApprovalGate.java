package dev.oats.cli;

import dev.oats.agent.ApprovalGate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How an agent in a Job gets approvals: its approval request reaches the server as an event, then
 * it asks the server for the decision and waits, for a while. When nobody has decided by then, the
 * run parks (the pod ends; no slot is held) and the server resumes it in a new Job once someone
 * decides or the approval times out.
 */
final class ServerApprovalGate implements ApprovalGate {

  private static final Duration POLL = Duration.ofSeconds(1);

  private final Supplier<EventDelivery> server;
  private final Duration wait;

  /**
   * @param server the delivery to the server, once the agent has one
   * @param wait how long to wait in this pod before parking the run
   */
  ServerApprovalGate(Supplier<EventDelivery> server, Duration wait) {
    this.server = server;
    this.wait = wait;
  }

  @Override
  public Decision decide(Request request) throws InterruptedException {
    EventDelivery delivery = server.get();
    if (delivery == null) {
      return Decision.later("waiting for someone to decide");
    }
    Instant until = Instant.now().plus(wait);
    while (Instant.now().isBefore(until)) {
      Optional<Decision> decided = delivery.decision(request.callId());
      if (decided.isPresent()) {
        return decided.get();
      }
      if (delivery.endedOnServer().isPresent()) {
        return Decision.deny("the investigation ended on the server");
      }
      Thread.sleep(POLL);
    }
    return Decision.later(
        "nobody decided within %d s; the run parks until someone does".formatted(wait.toSeconds()));
  }
}
