package dev.oats.runner;

import dev.oats.agent.Agent;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.Investigation;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs each investigation in this process, on a virtual thread of its own. Each start is one run:
 * the first from the goal, a follow-up, or a run resumed after an approval; each continues the
 * conversation rebuilt from the stored events.
 */
public final class LocalRunner implements Runner {

  private static final Logger log = LoggerFactory.getLogger(LocalRunner.class);

  private final Agent agent;
  private final RunListener listener;
  private final Map<String, Running> running = new ConcurrentHashMap<>();

  private record Running(Thread thread, AtomicBoolean cancelled) {}

  public LocalRunner(Agent agent, RunListener listener) {
    this.agent = agent;
    this.listener = listener;
  }

  /**
   * The runner for {@code local}: the agent in this process. A call that needs approval parks its
   * run until someone decides through the API or the UI. Without a model configured, the runner
   * that refuses every investigation with what to set.
   */
  public static Runner create(RunnerRequest request) {
    Optional<String> modelProblem = ModelAccess.problem(request.config());
    if (modelProblem.isPresent()) {
      return new ModelMissingRunner(ModelAccess.refusal(modelProblem.get()), request.service());
    }
    Agent agent =
        Agent.create(
            request.config(), request.environment(), ApprovalGate.LATER, request.telemetry());
    return new LocalRunner(agent, request.service());
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public void start(InvestigationRecord record) {
    AtomicBoolean cancelled = new AtomicBoolean();
    Thread thread =
        Thread.ofVirtual()
            .name("investigation-" + record.id())
            .unstarted(() -> run(record, cancelled));
    running.put(record.id(), new Running(thread, cancelled));
    thread.start();
  }

  private void run(InvestigationRecord record, AtomicBoolean cancelled) {
    MDC.put("investigation", record.id());
    try {
      String runId = UUID.randomUUID().toString();
      agent.run(
          new Investigation(record.id(), record.goal(), record.targetNamespace()),
          listener.history(record.id()),
          event -> listener.event(record.id(), runId, event),
          cancelled::get,
          runId);
    } catch (RuntimeException | StackOverflowError e) {
      log.error("Investigation {} crashed", record.id(), e);
      listener.ended(record.id(), InvestigationStatus.FAILED, "OATS failed internally: " + e);
    } finally {
      running.remove(record.id());
      MDC.remove("investigation");
    }
  }

  /**
   * There is no pod to read: the events stream is the log. The key comes from {@code OATS_API_KEY}
   * (the CLI's variable); unset, the shell stops with a message saying so rather than sending an
   * empty key.
   */
  @Override
  public String logsCommand(InvestigationRecord record, String serverUrl) {
    return "curl -N -H 'Accept: text/event-stream'"
        + " -H \"X-API-Key: ${OATS_API_KEY:?set OATS_API_KEY to your OATS API key}\" "
        + serverUrl
        + "/investigations/"
        + record.id()
        + "/events";
  }

  @Override
  public void cancel(String investigationId) {
    Running run = running.get(investigationId);
    if (run != null) {
      run.cancelled().set(true);
      run.thread().interrupt();
    }
  }

  /** Nothing survives a restart in this process: what was running is over. */
  @Override
  public void recover(List<InvestigationRecord> stillRunning) {
    for (InvestigationRecord record : stillRunning) {
      listener.ended(record.id(), InvestigationStatus.FAILED, "server restarted");
    }
  }

  @Override
  public void close() {
    running.keySet().forEach(this::cancel);
  }
}
