package dev.oats.runner;

/**
 * An investigation could not be started.
 *
 * @see #unavailable() whether the runner's backend could not be reached at all (HTTP 503) rather
 *     than refused the request (HTTP 502)
 */
public class RunnerException extends Exception {

  private final boolean unavailable;

  public RunnerException(String message, boolean unavailable, Throwable cause) {
    super(message, cause);
    this.unavailable = unavailable;
  }

  public boolean unavailable() {
    return unavailable;
  }
}
