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

  @Override
  default void close() {}
}
