package dev.oats.cli;

import dev.oats.config.OatsConfig;
import dev.oats.eval.demo.DemoScenario;
import dev.oats.runner.LocalRunner;
import dev.oats.runner.RunListener;
import dev.oats.runner.Runner;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runner of {@code oats demo}: each run in this process, like the local runner, but with an
 * agent of its own whose model side is the demo scenario's recording and whose tools read only the
 * scenario cluster. Its name, {@code demo}, is what the API's {@code replay} field reads.
 */
final class DemoRunner implements Runner {

  static final String NAME = "demo";

  private final DemoScenario demo;
  private final OatsConfig config;
  private final Map<String, String> environment;
  private final RunListener listener;
  private final Map<String, LocalRunner> runs = new ConcurrentHashMap<>();

  DemoRunner(
      DemoScenario demo, OatsConfig config, Map<String, String> environment, RunListener listener) {
    this.demo = demo;
    this.config = config;
    this.environment = environment;
    this.listener = listener;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(InvestigationRecord record) {
    boolean firstRun = listener.history(record.id()).isEmpty();
    LocalRunner run =
        new LocalRunner(demo.agent(config, environment, record.goal(), firstRun), listener);
    runs.put(record.id(), run);
    run.start(record);
  }

  @Override
  public void cancel(String investigationId) {
    LocalRunner run = runs.get(investigationId);
    if (run != null) {
      run.cancel(investigationId);
    }
  }

  @Override
  public void recover(List<InvestigationRecord> running) {
    for (InvestigationRecord record : running) {
      listener.ended(record.id(), InvestigationStatus.FAILED, "server restarted");
    }
  }

  @Override
  public String logsCommand(InvestigationRecord record, String serverUrl) {
    return "curl -N -H 'Accept: text/event-stream' -H \"X-API-Key: $OATS_API_KEY\" "
        + serverUrl
        + "/investigations/"
        + record.id()
        + "/events";
  }

  @Override
  public void close() {
    runs.values().forEach(LocalRunner::close);
  }
}
