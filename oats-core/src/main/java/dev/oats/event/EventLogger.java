package dev.oats.event;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an investigation's events as a readable log, at the seed's levels: INFO for turns and
 * calls, WARN for retries, context limits and approvals, ERROR for failures, DEBUG for the full
 * tool output. This is what {@code kubectl logs job/oats-agent-run-…} shows.
 */
public final class EventLogger implements EventSink {

  private static final Logger log = LoggerFactory.getLogger("oats.agent");
  private static final int OBSERVATION_PREVIEW_LINES = 12;

  @Override
  public void emit(AgentEvent event) {
    switch (event) {
      case AgentEvent.Started s ->
          log.info(
              "Investigating: {} (namespace {}, model {}, {} protocol, max {} turns, tools: {})",
              s.goal(),
              s.targetNamespace(),
              s.model(),
              s.protocol(),
              s.maxTurns(),
              String.join(", ", s.tools()));
      case AgentEvent.TurnStarted t -> log.info("--- Turn {}/{} ---", t.turn(), t.maxTurns());
      case AgentEvent.ModelReplied r ->
          log.debug("Model replied ({}): {} tool call(s)", r.stopReason(), r.toolCalls().size());
      case AgentEvent.Thought t -> log.info("Thought: {}", t.text());
      case AgentEvent.ToolCalled c -> log.info("Action: {} {}", c.tool(), c.arguments());
      case AgentEvent.ApprovalRequired a ->
          log.warn("Approval required for {} {}: {}", a.tool(), a.arguments(), a.reason());
      case AgentEvent.Observation o -> logObservation(o);
      case AgentEvent.ModelUsage u ->
          log.debug(
              "Model call: {} ms, {} in, {} out, {} cache read, {} cache write",
              u.latencyMs(),
              u.usage().inputTokens(),
              u.usage().outputTokens(),
              u.usage().cacheReadTokens(),
              u.usage().cacheWriteTokens());
      case AgentEvent.ContextTrimmed c ->
          log.warn(
              "Context over budget ({} tokens): {}; now {} tokens",
              c.tokensBefore(),
              c.what(),
              c.tokensAfter());
      case AgentEvent.Warning w -> log.warn("{}", w.message());
      case AgentEvent.Finished f -> log.info("Finished in {} turns", f.turns());
      case AgentEvent.Failed f -> log.error("Failed ({}): {}", f.kind(), f.reason());
      case AgentEvent.FollowUpAsked q -> log.info("Follow-up (run {}): {}", q.run(), q.message());
      case AgentEvent.ApprovalDecided d ->
          log.info(
              "Call {} {} by {}: {}",
              d.callId(),
              d.approved() ? "approved" : "denied",
              d.decidedBy(),
              d.reason());
      case AgentEvent.Paused p ->
          log.info(
              "Waiting for approval of call {}; the run resumes once it is decided", p.callId());
      case AgentEvent.AlertReceived a ->
          log.info("Alert {} ({}): {}", a.alertname(), a.status(), a.note());
      case AgentEvent.RunbookAttached r ->
          log.info("Runbook {} attached: {}", r.name(), r.description());
    }
  }

  private static void logObservation(AgentEvent.Observation o) {
    String body = o.error().isEmpty() ? o.output() : o.error();
    List<String> lines = body.lines().toList();
    String preview =
        lines.size() <= OBSERVATION_PREVIEW_LINES
            ? body
            : String.join("\n", lines.subList(0, OBSERVATION_PREVIEW_LINES))
                + "\n... (%d more lines)".formatted(lines.size() - OBSERVATION_PREVIEW_LINES);
    String header =
        "Observation: %s %s (%d ms%s)"
            .formatted(o.tool(), o.status(), o.durationMs(), o.truncated() ? ", truncated" : "");
    if (o.error().isEmpty()) {
      log.info("{}\n{}", header, preview.strip());
    } else {
      log.warn("{}\n{}", header, preview.strip());
    }
    log.debug("Full output of {}:\n{}", o.callId(), o.output());
  }
}
