package dev.oats.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text with markers that keep the kind of secret but not its value.
 *
 * <p>Every tool output, event, log line and prompt passes through a redactor before it reaches the
 * model, the event store, the UI or the logs. A vendor key becomes {@code
 * [REDACTED:anthropic_api_key]}; in a key/value pair the key stays ({@code
 * password=[REDACTED:password]}); in a URL the scheme, user and host stay ({@code
 * postgres://app:[REDACTED:url_password]@db:5432/orders}); in a Kubernetes Secret every value under
 * {@code data} and {@code stringData} is hidden and the keys stay. The kinds are listed in {@link
 * SecretKind}.
 *
 * <p>What it looks for: vendor tokens by their documented prefixes, JWTs, {@code Authorization}
 * headers, PEM private keys, credentials in URLs and connection strings, values assigned to keys
 * named like secrets ({@code password}, {@code DB_PASSWORD}, {@code client_secret}, {@code
 * api_key}, ...) in {@code key=value}, YAML, JSON and environment forms, Kubernetes Secret
 * manifests, Docker registry auths, kubeconfig client keys, and any exact value it was told about
 * with {@link #withKnownSecrets}. Ordinary troubleshooting output (pod names, hashes, digests,
 * UUIDs, addresses, ConfigMaps, {@code kubectl describe secret}, a log line that merely mentions a
 * password) passes unchanged.
 *
 * <p>When in doubt it hides: a Secret manifest cut off before its {@code kind} is treated as a
 * Secret, a PEM block without its END line is hidden to the end of the text. Redaction is a safety
 * net, not a guarantee: a credential in a format nothing here knows, with no telling key next to
 * it, passes unless it is a known secret.
 *
 * <p>Instances are immutable and thread-safe. {@link #redact} takes time proportional to the length
 * of the text (patterns are precompiled and written so they cannot backtrack catastrophically; a
 * 100 KB output takes about a millisecond), and a text with no candidate costs one lower-casing
 * pass and a few {@code contains} checks. Applying it twice gives the same result as applying it
 * once.
 */
public final class Redactor {

  private static final String MARKER_PREFIX = "[REDACTED:";

  private static final Redactor STANDARD = new Redactor(StandardDetectors.ALL);

  private final List<Detector> detectors;

  private Redactor(List<Detector> detectors) {
    this.detectors = List.copyOf(detectors);
  }

  /** The standard redactor, with every built-in detector and no known secrets. */
  public static Redactor standard() {
    return STANDARD;
  }

  /**
   * The standard redactor that also replaces every exact occurrence of the given values, and of
   * their encodings (base64 at any offset, hex, reversed, escaped), with {@code
   * [REDACTED:known_secret]}. Pass the credentials OATS is configured with, such as the model API
   * keys read from the environment. Null values, and values shorter than 8 characters once stripped
   * of surrounding whitespace, are ignored: replacing every occurrence of a short value would
   * mangle ordinary text.
   */
  public static Redactor withKnownSecrets(Collection<String> values) {
    Objects.requireNonNull(values, "values");
    KnownSecretsDetector known = KnownSecretsDetector.of(values);
    if (known.isEmpty()) {
      return STANDARD;
    }
    List<Detector> detectors = new ArrayList<>(StandardDetectors.ALL);
    detectors.add(known);
    return new Redactor(detectors);
  }

  /**
   * Returns {@code text} with every secret found replaced by its marker, or {@code text} itself
   * when there is none.
   */
  public String redact(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      return text;
    }
    List<Finding> findings = new ArrayList<>();
    // Lower-cased, its pairs and line feeds marked, once: the detectors and the gutter search read
    // it, and so does the output cap after (remembered by identity).
    LowerCaseText lowerCase = LowerCaseText.of(text);
    detectWholeAndCut(text, findings);
    String unnumbered = withoutLineNumbers(text, lowerCase);
    if (!unnumbered.equals(text)) {
      detectWholeAndCut(unnumbered, findings);
    }
    return findings.isEmpty() ? text : replace(text, findings);
  }

  /**
   * A line saying how much of an output was left out ({@code [... 120 KB not shown ...]}, as the
   * shell tools print between a head and a tail).
   */
  private static final Pattern CUT_NOTE =
      Pattern.compile("(?m)^[ \\t]*\\[\\.\\.\\. [^\\]\\n]{1,60} not shown \\.\\.\\.\\][ \\t]*$");

  /**
   * Detects in the whole text and, when a note says part of it was cut, in each part on its own
   * too: the head ends wherever the cut fell (inside a Secret's {@code data}, say), and the tail's
   * closing brackets and {@code kind} belong to some other object, which read as the head's end
   * would pass the head's values for a ConfigMap's. Each part is also judged as the cut text it is.
   * The findings of both readings are kept, so a note printed on purpose hides more, never less.
   */
  private void detectWholeAndCut(String text, List<Finding> findings) {
    detect(text, 0, findings);
    if (!text.contains(" not shown ...]")) {
      return;
    }
    Matcher note = CUT_NOTE.matcher(text);
    int from = 0;
    boolean cut = false;
    while (note.find()) {
      detect(text.substring(from, note.start()), from, findings);
      from = note.end();
      cut = true;
    }
    if (cut) {
      detect(text.substring(from), from, findings);
    }
  }

  /**
   * Where a line-number gutter as tools print them ({@code file_reader}'s {@code " 12 "}, {@code
   * code_search}'s {@code "12: "}, grep's {@code "path:12:"}), which hide where a line starts and
   * how a YAML manifest is indented, ends when one starts at {@code start}; -1 when none does.
   *
   * <p>It is what {@code lookingAt} of the expression {@code (?:[^\s:]{1,200}+:)?[
   * \t]{0,12}+\d{1,9}+[ \t]?[:\-|]?(?=[ \t])} found, followed by hand: a matcher's region set and
   * its engine run at every line start of a 16 KB log cost more than the rest of the search. The
   * runs of a path (code points other than {@code \s} and {@code :}), of blanks and of digits are
   * possessive (giving back part of a run never lets the rest match: what follows a shorter run is
   * more of the run, never the ':', digit or blank looked for next); the optional blank and
   * separator after the digits are tried taken first, then left out, as the engine backtracks.
   * {@code RedactorTest} compares it with the multi-line expression.
   */
  static int gutterEnd(String text, int start) {
    int length = text.length();
    int at = start;
    int run = 0;
    while (at < length && run < 200) {
      int c = text.codePointAt(at);
      if (c == ':' || c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
        break;
      }
      at += Character.charCount(c);
      run++;
    }
    boolean path = run > 0 && at < length && text.charAt(at) == ':';
    if (path) {
      int end = gutterEndAfterPath(text, at + 1);
      if (end >= 0) {
        return end;
      }
    }
    int end = gutterEndAfterPath(text, start);
    if (end >= 0) {
      return end;
    }
    // grep -n's own form: the line follows the separator at once ("s.yaml:2:data:", "2:data:").
    if (path) {
      end = tightGutterEnd(text, at + 1);
      if (end >= 0) {
        return end;
      }
    }
    return tightGutterEnd(text, start);
  }

  /**
   * After {@code at}: digits, then {@code :} or {@code -}, then neither a blank (that is {@link
   * #gutterEndAfterPath}'s) nor a digit (a time of day, {@code 12:34:56}); where the line starts.
   */
  private static int tightGutterEnd(String text, int at) {
    int length = text.length();
    int digits = 0;
    while (digits < 9 && at < length && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
      digits++;
    }
    if (digits == 0 || at + 1 >= length || (text.charAt(at) != ':' && text.charAt(at) != '-')) {
      return -1;
    }
    char next = text.charAt(at + 1);
    boolean blank =
        next == ' ' || next == '\t' || next == '\n' || next == 0x0B || next == '\f' || next == '\r';
    return blank || (next >= '0' && next <= '9') ? -1 : at + 1;
  }

  /** The rest of {@link #gutterEnd} from {@code at}: blanks, digits, a blank, a separator. */
  private static int gutterEndAfterPath(String text, int at) {
    int length = text.length();
    for (int blanks = 0; blanks < 12 && at < length && isBlank(text.charAt(at)); blanks++) {
      at++;
    }
    int digits = 0;
    for (;
        digits < 9 && at < length && text.charAt(at) >= '0' && text.charAt(at) <= '9';
        digits++) {
      at++;
    }
    if (digits == 0) {
      return -1;
    }
    for (int blank = at < length && isBlank(text.charAt(at)) ? 1 : 0; blank >= 0; blank--) {
      int afterBlank = at + blank;
      int separator = afterBlank < length && isSeparator(text.charAt(afterBlank)) ? 1 : 0;
      for (; separator >= 0; separator--) {
        int end = afterBlank + separator;
        if (end < length && isBlank(text.charAt(end))) {
          return end;
        }
      }
    }
    return -1;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isSeparator(char c) {
    return c == ':' || c == '-' || c == '|';
  }

  /**
   * The text with line-number gutters blanked out, character for character, so that every index
   * found in it is an index of the text: a secret is found as if the numbers were not there.
   *
   * <p>The gutter is looked for at each line start exactly as {@code ^} of a {@link
   * Pattern#MULTILINE} expression matches there (after {@code \n}, {@code \r} but inside {@code
   * \r\n}, {@code \u0085}, {@code \u2028}, {@code \u2029}), and from where the previous gutter
   * ended, as {@link Matcher#find} would; a search of the whole expression tried {@code ^} at every
   * character and cost more than all the detectors together.
   */
  static String withoutLineNumbers(String text) {
    return withoutLineNumbers(text, LowerCaseText.of(text));
  }

  /**
   * {@link #withoutLineNumbers(String)} with the text's pre-scan: most texts break lines with
   * {@code \n} alone, whose places that scan noted, so the lines are neither searched for nor the
   * text scanned for other line breaks again.
   */
  static String withoutLineNumbers(String text, LowerCaseText scan) {
    char[] chars = null;
    int length = text.length();
    boolean newlinesOnly = scan.breaksOnlyAtNewlines();
    int newline = 0;
    int searched = 0;
    for (int start = 0; start < length; ) {
      int next;
      if (newlinesOnly) {
        next = newline < scan.newlineCount() ? scan.newline(newline++) + 1 : length;
      } else {
        next = nextLineStart(text, start);
      }
      if (start < searched) {
        start = next;
        continue;
      }
      int end = gutterEnd(text, start);
      if (end >= 0) {
        if (chars == null) {
          chars = text.toCharArray();
        }
        for (int i = start; i < end; i++) {
          chars[i] = ' ';
        }
        searched = end;
      }
      start = next;
    }
    return chars == null ? text : new String(chars);
  }

  /** Where the line after the one at {@code from} starts, or the text's length. */
  private static int nextLineStart(String text, int from) {
    int length = text.length();
    for (int i = from; i < length; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\u0085' || (c | 1) == '\u2029') {
        return i + 1;
      }
      if (c == '\r') {
        return i + 1 < length && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
      }
    }
    return length;
  }

  /** Adds the findings in {@code text}, which starts at {@code offset} of the text redacted. */
  private void detect(String text, int offset, List<Finding> findings) {
    LowerCaseText lowerCase = LowerCaseText.of(text);
    for (int i = 0; i < detectors.size(); i++) {
      int priority = i;
      detectors
          .get(i)
          .detect(
              text,
              lowerCase,
              (start, end, kind) -> {
                if (end > start && !isMarker(text, start, end)) {
                  findings.add(new Finding(offset + start, offset + end, kind, priority));
                }
              });
    }
  }

  /**
   * The text with ASCII letters in lower case and every other character as it is. Unlike {@link
   * String#toLowerCase}, which turns some characters into two, it keeps every index of the text, so
   * detectors may search it and use the positions found. (The excerpts of tool outputs use it too.)
   *
   * <p>A text of Latin-1 characters only, as tool output mostly is, is copied to bytes at once and
   * lowered there: going through a {@code char[]} widened each of its characters to two bytes and
   * narrowed them back, a tenth of a turn of the agent loop for a 16 KB output, done twice.
   */
  public static String asciiLowerCase(String text) {
    int length = text.length();
    // Unmappable characters become '?', and a surrogate pair one '?' (the length then differs).
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length != length) {
      return asciiLowerCaseOfChars(text);
    }
    boolean changed = false;
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b >= 'A' && b <= 'Z') {
        bytes[i] = (byte) (b + ('a' - 'A'));
        changed = true;
      } else if (b == '?' && text.charAt(i) != '?') {
        return asciiLowerCaseOfChars(text);
      }
    }
    return changed ? new String(bytes, StandardCharsets.ISO_8859_1) : text;
  }

  /** {@link #asciiLowerCase} of any text, through its characters: the oracle of its tests. */
  static String asciiLowerCaseOfChars(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return chars == null ? text : new String(chars);
  }

  /** One secret found: {@code text[start, end)}, by the detector at {@code priority}. */
  private record Finding(int start, int end, SecretKind kind, int priority) {}

  /**
   * Whether the span is exactly a marker left by an earlier pass; detectors that would read it as a
   * value (a URL's password, a Secret's data) must not relabel it, so redaction is idempotent.
   */
  private static boolean isMarker(String text, int start, int end) {
    return text.startsWith(MARKER_PREFIX, start)
        && text.indexOf(']', start) == end - 1
        && text.charAt(end - 1) == ']';
  }

  /**
   * Replaces the findings. Overlapping findings merge into one marker covering all of them, so no
   * part of either leaks; its kind is that of the finding starting first, the most specific
   * detector breaking ties.
   */
  private static String replace(String text, List<Finding> findings) {
    findings.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::priority));
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int i = 0;
    while (i < findings.size()) {
      Finding first = findings.get(i);
      int end = first.end();
      for (i++; i < findings.size() && findings.get(i).start() < end; i++) {
        end = Math.max(end, findings.get(i).end());
      }
      out.append(text, copied, first.start()).append(first.kind().marker());
      copied = end;
    }
    return out.append(text, copied, text.length()).toString();
  }
}
