package dev.oats.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during {@code oats investigate}: the first press stops the run where it is (the model call
 * or tool is interrupted) so that the command prints what was found so far and the summary; a
 * second press exits at once, as Ctrl-C usually does.
 */
final class CtrlC {

  private static final Signal INT = new Signal("INT");

  private final AtomicBoolean pressed = new AtomicBoolean();
  private final SignalHandler previous;

  private CtrlC(Thread worker) {
    SignalHandler handler =
        signal -> {
          if (pressed.getAndSet(true)) {
            Runtime.getRuntime().halt(130);
          }
          System.err.println("\nStopping (Ctrl-C again to quit at once)...");
          worker.interrupt();
        };
    this.previous = Signal.handle(INT, handler);
  }

  /** Handles Ctrl-C for the run on {@code worker} until {@link #uninstall}. */
  static CtrlC install(Thread worker) {
    return new CtrlC(worker);
  }

  /** Whether Ctrl-C was pressed: the agent loop's cancellation check. */
  boolean pressed() {
    return pressed.get();
  }

  void uninstall() {
    Signal.handle(INT, previous);
  }
}
