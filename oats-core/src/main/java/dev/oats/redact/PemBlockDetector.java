package dev.oats.redact;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the body of PEM private key blocks (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted, PGP), plain
 * or JSON-escaped with literal {@code \n}. The BEGIN and END lines stay, so the reader still sees
 * that a key of that type was printed. Certificates and public keys are not secrets and stay.
 */
final class PemBlockDetector implements Detector {

  /*
   * The body is matched lazily up to the END line carrying the same label. When the END line is
   * missing, because the output was truncated, the body runs to the end of the text: a half key
   * is still a key. The label is bounded so a long run of capitals cannot make the engine
   * backtrack far, and the body is trimmed in code rather than with a trailing \s* in the regex,
   * which would rescan every whitespace run once per position.
   */
  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN (?<label>[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?)-----"
              + "(?<body>[\\s\\S]*?)(?:-----END \\k<label>-----|\\z)");

  @Override
  public void detect(String text, LowerCaseText lowerCase, Findings findings) {
    if (!lowerCase.contains("private key")) {
      return;
    }
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      int start = skipLayout(text, matcher.start("body"), matcher.end("body"));
      int end = trimLayout(text, start, matcher.end("body"));
      if (end > start) {
        findings.add(start, end, SecretKind.PRIVATE_KEY);
      }
    }
  }

  /** Skips whitespace and JSON-escaped line breaks ({@code \n}, {@code \r}) at the start. */
  private static int skipLayout(String text, int start, int end) {
    int at = start;
    while (at < end) {
      if (Character.isWhitespace(text.charAt(at))) {
        at++;
      } else if (isEscapedBreak(text, at, end)) {
        at += 2;
      } else {
        break;
      }
    }
    return at;
  }

  /** Drops whitespace and JSON-escaped line breaks at the end. */
  private static int trimLayout(String text, int start, int end) {
    int at = end;
    while (at > start) {
      if (Character.isWhitespace(text.charAt(at - 1))) {
        at--;
      } else if (at - 2 >= start && isEscapedBreak(text, at - 2, end)) {
        at -= 2;
      } else {
        break;
      }
    }
    return at;
  }

  private static boolean isEscapedBreak(String text, int at, int end) {
    return at + 1 < end
        && text.charAt(at) == '\\'
        && (text.charAt(at + 1) == 'n' || text.charAt(at + 1) == 'r');
  }
}
