package dev.oats.tool;

/**
 * A text that a regular expression reads through, which stops the match once a deadline has passed.
 * Matching ignores interrupts, so a pattern that backtracks without end, such as {@code (.*a){20}b}
 * (a model's or an engineer's), would otherwise hold its thread after the call was abandoned: the
 * matcher reads every character through {@link #charAt}, backtracking included, and the clock is
 * checked every thousand reads.
 */
public final class TimedText implements CharSequence {

  /** Thrown from inside a match whose time is up. */
  public static final class TimeUp extends RuntimeException {
    TimeUp() {
      super("the pattern was still matching when its time was up", null, false, false);
    }
  }

  private final CharSequence text;
  private final long deadline;
  private int reads;

  private TimedText(CharSequence text, long deadline) {
    this.text = text;
    this.deadline = deadline;
  }

  /**
   * @param deadline when to stop, in {@link System#nanoTime()}'s terms
   */
  public static TimedText of(CharSequence text, long deadline) {
    return new TimedText(text, deadline);
  }

  @Override
  public char charAt(int index) {
    if ((++reads & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
      throw new TimeUp();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new TimedText(text.subSequence(start, end), deadline);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
