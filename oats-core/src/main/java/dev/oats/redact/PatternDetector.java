package dev.oats.redact;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets with one precompiled regular expression. The part to hide is the named group {@code
 * secret} when the pattern has one (so the context around it, such as a header name or a URL's user
 * and host, stays visible), otherwise the whole match.
 */
final class PatternDetector implements Detector {

  private final SecretKind kind;
  private final Pattern pattern;
  private final boolean hasSecretGroup;
  private final List<String> hints;
  private final Predicate<String> accept;

  private PatternDetector(
      SecretKind kind, Pattern pattern, List<String> hints, Predicate<String> accept) {
    this.kind = kind;
    this.pattern = pattern;
    this.hasSecretGroup = pattern.namedGroups().containsKey("secret");
    this.hints = List.copyOf(hints);
    this.accept = accept;
  }

  /**
   * A detector that runs {@code regex} only on texts containing one of {@code hints} (lower case),
   * so the common case, a text with no candidate at all, costs a few {@code contains} calls.
   */
  static PatternDetector of(SecretKind kind, String regex, String... hints) {
    return new PatternDetector(kind, Pattern.compile(regex), List.of(hints), value -> true);
  }

  /** The same detector, keeping only the matches whose secret part passes {@code accept}. */
  PatternDetector accepting(Predicate<String> accept) {
    return new PatternDetector(kind, pattern, hints, accept);
  }

  @Override
  public void detect(String text, LowerCaseText lowerCase, Findings findings) {
    if (!hints.isEmpty() && !containsAny(lowerCase, hints)) {
      return;
    }
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      int start = hasSecretGroup ? matcher.start("secret") : matcher.start();
      int end = hasSecretGroup ? matcher.end("secret") : matcher.end();
      if (start >= 0 && accept.test(text.substring(start, end))) {
        findings.add(start, end, kind);
      }
    }
  }

  /** A loop, not a stream: every detector asks this of every text. */
  private static boolean containsAny(LowerCaseText lowerCase, List<String> hints) {
    for (int i = 0; i < hints.size(); i++) {
      if (lowerCase.contains(hints.get(i))) {
        return true;
      }
    }
    return false;
  }
}
