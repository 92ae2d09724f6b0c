package dev.oats.event;

import dev.oats.model.Usage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an investigation's events add up to: the one fold of the event log into progress. The CLI's
 * summary, the server's rows and metrics and the web UI all read it, so a number is counted in one
 * place, and a server that restarts rebuilds it from the stored events.
 *
 * <p>An investigation holds runs: the first from the goal, then one per follow-up question. The
 * totals cover every run; the {@code run…} fields the latest one.
 *
 * @param goal what was asked first
 * @param model the model of the latest run, or null before the first started
 * @param maxTurns the turn limit of a run
 * @param runs runs started so far
 * @param turns turns taken over every run
 * @param usage tokens spent over every run
 * @param runTurns turns taken in the latest run
 * @param runUsage tokens spent in the latest run
 * @param runTools calls per tool in the latest run, in order of first use, {@code finish} excluded
 * @param lastTool the tool called last, or null
 * @param phase where the latest run is
 * @param waiting the calls held for approval and not decided yet, oldest first
 * @param parked whether the latest run stopped to wait for an approval and must be resumed
 * @param end the latest run's terminal event ({@code finished} or {@code failed}), or null
 * @param firstAt when the first event happened, or null
 * @param lastAt when the latest event happened, or null
 */
public record Progress(
    String goal,
    String model,
    int maxTurns,
    int runs,
    int turns,
    Usage usage,
    int runTurns,
    Usage runUsage,
    Map<String, Long> runTools,
    String lastTool,
    Phase phase,
    List<AgentEvent.ApprovalRequired> waiting,
    boolean parked,
    AgentEvent end,
    Instant firstAt,
    Instant lastAt) {

  /** Where the latest run is. */
  public enum Phase {
    /** Nothing has run yet, or a follow-up or a resumed run waits for a runner. */
    PENDING,
    RUNNING,
    /** A call waits for someone to approve or deny it. */
    WAITING_FOR_APPROVAL,
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  private static final String FINISH = "finish";

  public static final Progress NONE =
      new Progress(
          "",
          null,
          0,
          0,
          0,
          Usage.ZERO,
          0,
          Usage.ZERO,
          Map.of(),
          null,
          Phase.PENDING,
          List.of(),
          false,
          null,
          null,
          null);

  public Progress {
    runTools = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(runTools));
    waiting = List.copyOf(waiting);
  }

  /** The fold of a whole log. */
  public static Progress of(List<RecordedEvent> events) {
    Progress progress = NONE;
    for (RecordedEvent event : events) {
      progress = progress.with(event);
    }
    return progress;
  }

  /** This progress with one more event. */
  public Progress with(RecordedEvent recorded) {
    Builder next = new Builder(this);
    next.firstAt = firstAt == null ? recorded.at() : firstAt;
    next.lastAt = recorded.at();
    next.apply(recorded.event());
    return next.build();
  }

  /** Whether the latest run has ended with a report or a failure. */
  public boolean ended() {
    return end != null;
  }

  /** Whether the latest run ended with a report. */
  public boolean succeeded() {
    return end instanceof AgentEvent.Finished;
  }

  /** The mutable side of the fold, used for one event at a time. */
  private static final class Builder {
    String goal;
    String model;
    int maxTurns;
    int runs;
    int turns;
    Usage usage;
    int runTurns;
    Usage runUsage;
    Map<String, Long> runTools;
    String lastTool;
    Phase phase;
    Map<String, AgentEvent.ApprovalRequired> waiting = new LinkedHashMap<>();
    boolean parked;
    AgentEvent end;
    Instant firstAt;
    Instant lastAt;

    Builder(Progress p) {
      goal = p.goal;
      model = p.model;
      maxTurns = p.maxTurns;
      runs = p.runs;
      turns = p.turns;
      usage = p.usage;
      runTurns = p.runTurns;
      runUsage = p.runUsage;
      runTools = new LinkedHashMap<>(p.runTools);
      lastTool = p.lastTool;
      phase = p.phase;
      p.waiting.forEach(a -> waiting.put(a.callId(), a));
      parked = p.parked;
      end = p.end;
    }

    void apply(AgentEvent event) {
      // Any event the agent itself emits means its run is going on (again).
      boolean fromAgent =
          !(event instanceof AgentEvent.FollowUpAsked
              || event instanceof AgentEvent.ApprovalDecided
              || event instanceof AgentEvent.Paused
              || event instanceof AgentEvent.AlertReceived
              || event instanceof AgentEvent.RunbookAttached);
      if (fromAgent) {
        parked = false;
      }
      switch (event) {
        case AgentEvent.Started s -> {
          if (runs == 0) {
            goal = s.goal();
          }
          runs++;
          model = s.model();
          maxTurns = s.maxTurns();
          runTurns = 0;
          runUsage = Usage.ZERO;
          runTools = new LinkedHashMap<>();
          end = null;
          phase = Phase.RUNNING;
        }
        case AgentEvent.TurnStarted t -> {
          turns += t.turn() - runTurns;
          runTurns = t.turn();
          maxTurns = t.maxTurns();
          phase = waiting.isEmpty() ? Phase.RUNNING : phase;
        }
        case AgentEvent.ModelUsage u -> {
          usage = usage.plus(u.usage());
          runUsage = runUsage.plus(u.usage());
        }
        case AgentEvent.ToolCalled c -> {
          lastTool = c.tool();
          if (!c.tool().equals(FINISH)) {
            runTools.merge(c.tool(), 1L, Long::sum);
          }
        }
        case AgentEvent.ApprovalRequired a -> {
          waiting.put(a.callId(), a);
          phase = Phase.WAITING_FOR_APPROVAL;
        }
        case AgentEvent.ApprovalDecided d -> {
          waiting.remove(d.callId());
          if (waiting.isEmpty()) {
            phase = parked ? Phase.PENDING : Phase.RUNNING;
          }
        }
        case AgentEvent.Observation o -> {
          if (waiting.remove(o.callId()) != null && waiting.isEmpty()) {
            phase = Phase.RUNNING;
          }
        }
        case AgentEvent.Paused p -> {
          parked = true;
          phase = waiting.isEmpty() ? Phase.PENDING : Phase.WAITING_FOR_APPROVAL;
        }
        case AgentEvent.FollowUpAsked q -> phase = Phase.PENDING;
        case AgentEvent.Finished f -> {
          end = f;
          waiting.clear();
          phase = Phase.SUCCEEDED;
        }
        case AgentEvent.Failed f -> {
          end = f;
          waiting.clear();
          parked = false;
          phase = f.kind() == AgentEvent.FailureKind.CANCELLED ? Phase.CANCELLED : Phase.FAILED;
        }
        default -> {}
      }
    }

    Progress build() {
      return new Progress(
          goal,
          model,
          maxTurns,
          runs,
          turns,
          usage,
          runTurns,
          runUsage,
          runTools,
          lastTool,
          phase,
          List.copyOf(waiting.values()),
          parked,
          end,
          firstAt,
          lastAt);
    }
  }
}
