package dev.oats.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code oats investigate} shows while it runs: each turn's thought, calls and a short preview
 * of what they returned, on standard error; on a terminal, a spinner with the elapsed time while
 * the model thinks or a tool runs. The report itself is printed once, at the end, by the command.
 */
final class TerminalView implements Consumer<RecordedEvent>, AutoCloseable {

  private static final int PREVIEW_LINES = 6;
  private static final int ARGUMENT_CHARS = 240;
  private static final String[] FRAMES = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
  private static final long FRAME_MILLIS = 120;

  private final PrintStream err;
  private final boolean fancy;
  private final Object lock = new Object();
  private final Thread spinner;
  private String activity;
  private long since;
  private boolean spinnerShown;

  /**
   * @param fancy a terminal that takes colours and cursor movement: the spinner runs only then
   */
  TerminalView(PrintStream err, boolean fancy) {
    this.err = err;
    this.fancy = fancy;
    this.spinner =
        fancy ? Thread.ofPlatform().daemon().name("oats-spinner").start(this::spin) : null;
  }

  @Override
  public void accept(RecordedEvent recorded) {
    synchronized (lock) {
      clearSpinner();
      show(recorded.event());
    }
  }

  private void show(AgentEvent event) {
    switch (event) {
      case AgentEvent.TurnStarted t -> {
        line(dim("Turn %d/%d".formatted(t.turn(), t.maxTurns())));
        busy("thinking");
      }
      case AgentEvent.ModelReplied r -> busy(null);
      case AgentEvent.Thought t -> line("  " + t.text().strip().replace("\n", "\n  "));
      case AgentEvent.ToolCalled c -> {
        if (!c.tool().equals("finish")) {
          line("  " + bold("→ " + c.tool()) + " " + arguments(c.arguments()));
          busy("running " + c.tool());
        }
      }
      case AgentEvent.Observation o -> {
        if (!o.tool().equals("finish")) {
          observation(o);
          busy("thinking");
        }
      }
      case AgentEvent.ApprovalRequired a -> {
        busy(null);
        line("  " + colour("33", "! needs approval: " + a.reason()));
      }
      case AgentEvent.ApprovalDecided d ->
          line(
              "  %s by %s%s"
                  .formatted(
                      d.approved() ? "approved" : "denied",
                      d.decidedBy(),
                      d.reason() == null || d.reason().isBlank() ? "" : ": " + d.reason()));
      case AgentEvent.Warning w -> line("  " + colour("33", "! " + w.message()));
      case AgentEvent.ContextTrimmed c ->
          line(
              dim(
                  "  context over budget (%,d tokens): %s; now %,d"
                      .formatted(c.tokensBefore(), c.what(), c.tokensAfter())));
      case AgentEvent.FollowUpAsked q -> line(bold("Follow-up: ") + q.message());
      case AgentEvent.Paused p -> {
        busy(null);
        line("  waiting for approval of call " + p.callId());
      }
      case AgentEvent.Finished f -> busy(null);
      case AgentEvent.Failed f -> busy(null);
      case AgentEvent.AlertReceived a ->
          line(dim("  alert %s: %s".formatted(a.alertname(), a.note())));
      case AgentEvent.RunbookAttached r ->
          line("  " + bold("Runbook: ") + r.name() + " (" + r.description() + ")");
      case AgentEvent.Started s -> {}
      case AgentEvent.ModelUsage u -> {}
    }
  }

  private void observation(AgentEvent.Observation o) {
    boolean failed = !o.error().isEmpty();
    String status =
        "%s %s (%d ms%s)"
            .formatted(o.tool(), o.status(), o.durationMs(), o.truncated() ? ", truncated" : "");
    line("  " + (failed ? colour("31", "✗ " + status) : colour("32", "✓ " + status)));
    String body = failed ? o.error() : o.output();
    List<String> lines = body.strip().lines().toList();
    for (String text : lines.subList(0, Math.min(PREVIEW_LINES, lines.size()))) {
      line(dim("    │ ") + text);
    }
    if (lines.size() > PREVIEW_LINES) {
      line(dim("    │ ... %d more lines".formatted(lines.size() - PREVIEW_LINES)));
    }
  }

  /** A shell command as the user would type it; other arguments as compact JSON. */
  private static String arguments(JsonNode arguments) {
    String text =
        arguments.size() == 1 && arguments.has("command") && arguments.get("command").isTextual()
            ? arguments.get("command").asText()
            : EventJson.write(arguments);
    return text.length() <= ARGUMENT_CHARS ? text : text.substring(0, ARGUMENT_CHARS) + "…";
  }

  private void busy(String what) {
    activity = what;
    since = System.nanoTime();
  }

  private void line(String text) {
    err.println(text);
  }

  private void spin() {
    int frame = 0;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(FRAME_MILLIS);
        synchronized (lock) {
          if (activity != null) {
            double seconds = (System.nanoTime() - since) / 1e9;
            err.printf(
                "\r%s %s %.1f s\u001b[K", FRAMES[frame++ % FRAMES.length], activity, seconds);
            err.flush();
            spinnerShown = true;
          }
        }
      }
    } catch (InterruptedException e) {
      // Closed.
    }
  }

  private void clearSpinner() {
    if (spinnerShown) {
      err.print("\r\u001b[K");
      spinnerShown = false;
    }
  }

  /** Stops the spinner (before a prompt, and at the end) and clears its line. */
  void pause() {
    synchronized (lock) {
      busy(null);
      clearSpinner();
    }
  }

  @Override
  public void close() {
    if (spinner != null) {
      spinner.interrupt();
    }
    pause();
  }

  private String dim(String text) {
    return colour("2", text);
  }

  private String bold(String text) {
    return colour("1", text);
  }

  private String colour(String code, String text) {
    return fancy ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
