package dev.oats.tool;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A text that a regular expression reads through, which stops the match once a deadline has passed.
 * Matching ignores interrupts, so a pattern that backtracks without end, such as {@code (.*a){20}b}
 * (a model's or an engineer's), would otherwise hold its thread after the call was abandoned: the
 * matcher reads every character through {@link #charAt}, backtracking included, and the clock is
 * checked every thousand reads.
 */
public final class TimedText implements CharSequence {

  /** Thrown from inside a match whose time is up, or that recursed too deep to go on. */
  public static final class TimeUp extends RuntimeException {
    TimeUp(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * How many times counted repeats ({@code {n}}, {@code {n,m}}) may multiply: a repeat of a group
   * that reads no character, such as {@code (?:^){2000000000}}, loops without a {@link #charAt} and
   * so without a look at the clock.
   */
  static final long MOST_REPEATS = 1_000_000;

  private final CharSequence text;
  private final long deadline;
  private int reads;

  private TimedText(CharSequence text, long deadline) {
    this.text = text;
    this.deadline = deadline;
  }

  /**
   * {@code regex} compiled, refused as {@link PatternSyntaxException} when its counted repeats
   * multiply past {@value #MOST_REPEATS} (the product of their lower bounds, an upper bound on any
   * nesting): for a pattern from a model or a user, matched with {@link #find}.
   */
  public static Pattern compile(String regex, int flags) {
    long product = 1;
    for (int i = 0; i < regex.length(); i++) {
      if (regex.charAt(i) == '\\') {
        i++;
      } else if (regex.charAt(i) == '{') {
        int end = i + 1;
        while (end < regex.length() && Character.isDigit(regex.charAt(end))) {
          end++;
        }
        if (end > i + 1) {
          long count =
              end - i - 1 > 9 ? Long.MAX_VALUE : Long.parseLong(regex.substring(i + 1, end));
          product =
              count == 0
                  ? product
                  : Math.multiplyHigh(product, count) != 0 ? Long.MAX_VALUE : product * count;
          if (product > MOST_REPEATS) {
            throw new PatternSyntaxException(
                "counted repeats multiply to more than %,d".formatted(MOST_REPEATS), regex, i);
          }
        }
      }
    }
    return Pattern.compile(regex, flags);
  }

  /**
   * Whether {@code pattern} finds a match in {@code text} before {@code deadline} ({@link
   * System#nanoTime()}'s terms).
   *
   * @throws TimeUp when the time is up first, or the match recursed too deep (java.util.regex
   *     recurses once a character for some alternations, so a long line can overflow the stack)
   */
  public static boolean find(Pattern pattern, CharSequence text, long deadline) {
    return indexOf(pattern, text, deadline) >= 0;
  }

  /**
   * Where {@code pattern}'s first match in {@code text} starts, or -1 when there is none; under the
   * same deadline as {@link #find}.
   *
   * @throws TimeUp as {@link #find} does
   */
  public static int indexOf(Pattern pattern, CharSequence text, long deadline) {
    try {
      Matcher matcher = pattern.matcher(new TimedText(text, deadline));
      return matcher.find() ? matcher.start() : -1;
    } catch (StackOverflowError e) {
      throw new TimeUp("it recursed too deep on a line of %,d characters".formatted(text.length()));
    }
  }

  @Override
  public char charAt(int index) {
    if ((++reads & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
      throw new TimeUp("it was still matching when its time was up");
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
