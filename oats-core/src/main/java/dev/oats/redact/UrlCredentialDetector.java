package dev.oats.redact;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials a URL carries where no secret word names them: a user that is a token ({@code
 * https://<token>@github.com/org/repo.git}; a name of 20 characters or more with no password after
 * it is not a person's), and query parameters with plain names ({@code sig=} of a SAS URL, {@code
 * X-Amz-Signature=} and {@code X-Amz-Credential=} of a presigned one, an OAuth {@code code=}, a
 * bare {@code key=} or {@code auth=}), 8 characters or more. Found from each {@code ://}, {@code ?}
 * and {@code &} with anchored matches, not a regular expression tried at every position of the
 * text.
 */
final class UrlCredentialDetector implements Detector {

  private static final Pattern USER_TOKEN = Pattern.compile("[A-Za-z0-9_~.-]{20,256}+@");

  private static final Pattern PARAMETER =
      Pattern.compile(
          "(?i)(?:sig|signature|x-amz-signature|x-amz-credential|x-goog-signature"
              + "|x-goog-credential|code|key|auth|otp|sid|session|sessionid)"
              + "=(?<secret>[^&#\\s\"'<>]{8,}+)");

  private static final List<String> PARAMETER_HINTS =
      List.of(
          "sig=", "signature=", "credential=", "code=", "key=", "auth=", "otp=", "sid=", "session");

  @Override
  public void detect(String text, LowerCaseText lowerCase, Findings findings) {
    String lower = lowerCase.text();
    if (lowerCase.mayContain("://")) {
      Matcher user = USER_TOKEN.matcher(text);
      for (int at = lower.indexOf("://"); at >= 0; at = lower.indexOf("://", at + 3)) {
        if (schemeEndsAt(lower, at) && user.region(at + 3, text.length()).lookingAt()) {
          findings.add(at + 3, user.end() - 1, SecretKind.URL_PASSWORD);
        }
      }
    }
    if (PARAMETER_HINTS.stream().noneMatch(lowerCase::contains)) {
      return;
    }
    Matcher parameter = PARAMETER.matcher(text);
    // after '?' and '&', and after '&' as JSON ("\u0026", kubectl's) and HTML ("&amp;") write it
    for (String separator : SEPARATORS) {
      if (!lowerCase.mayContain(separator)) {
        continue;
      }
      for (int at = lower.indexOf(separator); at >= 0; at = lower.indexOf(separator, at + 1)) {
        int start = at + separator.length();
        if (parameter.region(start, text.length()).lookingAt()) {
          findings.add(parameter.start("secret"), parameter.end("secret"), SecretKind.TOKEN);
        }
      }
    }
  }

  private static final List<String> SEPARATORS = List.of("?", "&", "&amp;", "\\u0026");

  /**
   * Whether a URL scheme ({@code https}, {@code git+ssh}) of 2 to 31 characters ends at {@code at}.
   */
  private static boolean schemeEndsAt(String lower, int at) {
    int start = at;
    while (start > 0 && at - start < 31 && isSchemeChar(lower.charAt(start - 1))) {
      start--;
    }
    if (at - start < 2 || !Character.isLetter(lower.charAt(start))) {
      return false;
    }
    return start == 0
        || !Character.isLetterOrDigit(lower.charAt(start - 1)) && lower.charAt(start - 1) != '_';
  }

  private static boolean isSchemeChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
  }
}
