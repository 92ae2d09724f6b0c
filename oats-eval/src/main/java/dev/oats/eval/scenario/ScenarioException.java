package dev.oats.eval.scenario;

/** A scenario folder that cannot be used; the message names the file and what to fix. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message) {
    super(message);
  }
}
