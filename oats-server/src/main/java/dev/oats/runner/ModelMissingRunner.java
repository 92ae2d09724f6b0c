package dev.oats.runner;

import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import java.util.List;

/**
 * The local runner of a server started without a language model: every start is refused with what
 * to set, so an investigation that got past the API's own check (one left pending by an earlier
 * run) ends as failed with that reason rather than waiting for ever.
 */
public final class ModelMissingRunner implements Runner {

  private final String problem;
  private final RunListener listener;

  public ModelMissingRunner(String problem, RunListener listener) {
    this.problem = problem;
    this.listener = listener;
  }

  /** The refusal: that no model is configured, and what to set. */
  public String problem() {
    return problem;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public void start(InvestigationRecord investigation) throws RunnerException {
    throw new RunnerException(problem, true, null);
  }

  @Override
  public void cancel(String investigationId) {}

  @Override
  public void recover(List<InvestigationRecord> running) {
    for (InvestigationRecord record : running) {
      listener.ended(record.id(), InvestigationStatus.FAILED, "server restarted");
    }
  }

  @Override
  public String logsCommand(InvestigationRecord investigation, String serverUrl) {
    return "";
  }
}
