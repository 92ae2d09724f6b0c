package dev.oats.store;

import dev.oats.model.Usage;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An investigation as the store keeps it: what was asked, where it runs, how far it got and how it
 * ended. The event log is kept beside it (see {@link InvestigationStore#events}); this row is the
 * summary that lists and dashboards read without replaying events.
 *
 * <p>The store keeps times to the microsecond, the finest precision PostgreSQL has, so a time read
 * back may be shorter than the one written.
 *
 * @param id a UUID in text form
 * @param goal the troubleshooting goal in the user's words
 * @param targetNamespace the Kubernetes namespace to investigate
 * @param status where the investigation is in its life
 * @param runner the runner that executes it: {@code "local"} or {@code "kubernetes"}
 * @param jobName the Kubernetes Job running it, or null when it runs locally or has not started
 * @param createdAt when it was accepted
 * @param startedAt when a runner started it, or null
 * @param finishedAt when it reached a terminal state, or null
 * @param turns the agent turns taken so far
 * @param maxTurns the turn limit it runs with
 * @param usage the tokens spent so far
 * @param model the model answering it, or null until known
 * @param report the final report, or null until it succeeds
 * @param failureReason why it failed or was cancelled, or null
 */
public record InvestigationRecord(
    String id,
    String goal,
    String targetNamespace,
    InvestigationStatus status,
    String runner,
    String jobName,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int turns,
    int maxTurns,
    Usage usage,
    String model,
    String report,
    String failureReason) {

  public InvestigationRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(targetNamespace, "targetNamespace");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(usage, "usage");
    if (turns < 0 || maxTurns < 1) {
      throw new IllegalArgumentException(
          "turns must be >= 0 and maxTurns >= 1, got %d and %d".formatted(turns, maxTurns));
    }
  }

  /** A new investigation waiting for a runner, with a fresh random id. */
  public static InvestigationRecord pending(
      String goal, String targetNamespace, String runner, int maxTurns, Instant createdAt) {
    return new InvestigationRecord(
        UUID.randomUUID().toString(),
        goal,
        targetNamespace,
        InvestigationStatus.PENDING,
        runner,
        null,
        createdAt,
        null,
        null,
        0,
        maxTurns,
        Usage.ZERO,
        null,
        null,
        null);
  }

  /** This investigation under another id (a row read back, or a fixed id in a test). */
  public InvestigationRecord withId(String id) {
    return copy(id, status, runner, jobName, startedAt);
  }

  /** This investigation, run by the Kubernetes Job {@code jobName}. */
  public InvestigationRecord withJobName(String jobName) {
    return copy(id, status, runner, jobName, startedAt);
  }

  /**
   * This investigation as a runner has it: running, by {@code runner}, as the Job {@code jobName}
   * (null when it runs locally), started at {@code startedAt}.
   */
  public InvestigationRecord running(String runner, String jobName, Instant startedAt) {
    return copy(id, InvestigationStatus.RUNNING, runner, jobName, startedAt);
  }

  /** The one place the fields are copied: each {@code with…} names what it changes. */
  private InvestigationRecord copy(
      String id, InvestigationStatus status, String runner, String jobName, Instant startedAt) {
    return new InvestigationRecord(
        id,
        goal,
        targetNamespace,
        status,
        runner,
        jobName,
        createdAt,
        startedAt,
        finishedAt,
        turns,
        maxTurns,
        usage,
        model,
        report,
        failureReason);
  }
}
