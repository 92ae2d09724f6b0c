package dev.oats.runner;

import dev.oats.store.InvestigationRecord;
import java.util.List;

/**
 * Runs investigations somewhere. The server hands a runner an investigation already marked running
 * in the store; the runner reports every event and, when the agent could not, how it ended, through
 * the {@link RunListener} it was built with.
 */
public interface Runner extends AutoCloseable {

  /** {@code local} or {@code kubernetes}, as stored with each investigation. */
  String name();

  /**
   * Starts the investigation and returns once it is on its way.
   *
   * @throws RunnerException when it cannot be started; the server stores it as failed with the
   *     message
   */
  void start(InvestigationRecord investigation) throws RunnerException;

  /**
   * Whether a start is remote and slow (API round trips): the server then answers a submit once the
   * investigation is claimed and makes the start on its own threads, a few at a time. Such a runner
   * issues the run's event token only once its start is done, so that a run claimed before a
   * restart with no token was never started, and is queued again.
   */
  default boolean startsRemotely() {
    return false;
  }

  /** Stops a running investigation; its end is reported through the listener. */
  void cancel(String investigationId);

  /**
   * After a restart: what became of the investigations the store still has as running. Each one
   * must end up reported (or be running again), so that none stays stuck.
   */
  void recover(List<InvestigationRecord> running);

  /**
   * The command an engineer runs to follow the investigation's log, for the seed's {@code
   * command_to_check_logs}.
   *
   * @param serverUrl this server's base URL as the client reached it
   */
  String logsCommand(InvestigationRecord investigation, String serverUrl);

  /**
   * Whether a credential this runner's agents carry themselves (not an event token the server
   * issued), such as a Kubernetes pod's projected token, authorises the events of this
   * investigation. None by default.
   */
  default boolean authorisesAgent(String investigationId, String token) {
    return false;
  }

  @Override
  default void close() {}
}
