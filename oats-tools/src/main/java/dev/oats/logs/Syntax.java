package dev.oats.logs;

/**
 * What a message's own syntax says about two differing tokens at one position: the values of one
 * key, or two quoted strings, are parameters of one event rather than words of two.
 */
final class Syntax {

  private Syntax() {}

  /** A token with a letter and no masked value: a word or a name, one that can frame a value. */
  static boolean isWord(String token) {
    if (token.contains(Masker.WILDCARD)) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (Character.isLetter(token.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether both tokens are {@code key=value} with the same key and a value each: {@code
   * user=alice} and {@code user=bob}. The key is a name (letters, digits, {@code _.-}).
   */
  static boolean sameKey(String a, String b) {
    int equals = keyEnd(a);
    return equals > 0
        && equals + 1 < a.length()
        && b.length() > equals + 1
        && b.charAt(equals) == '='
        && a.regionMatches(0, b, 0, equals);
  }

  private static int keyEnd(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '=') {
        return i;
      }
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Whether a token at position {@code i} is the value of a key written apart from it: {@code
   * allDrawn= false}, {@code mode = fast}. The key ends in an equals sign, or is a name followed by
   * a lone one; a token holding an equals sign is not such a value but the next key ({@code
   * logname= uid=0}), and neither is a lone equals sign.
   */
  static boolean afterDetachedKey(String[] tokens, int i) {
    if (i == 0) {
      return false;
    }
    String previous = tokens[i - 1];
    if (previous.length() == 1) {
      return previous.charAt(0) == '=' && i >= 2 && keyEnd(tokens[i - 2] + "=") > 0;
    }
    return previous.charAt(previous.length() - 1) == '='
        && keyEnd(previous) == previous.length() - 1;
  }

  /** Whether a token may be the value of a detached key: it holds no equals sign of its own. */
  static boolean isDetachedValue(String token) {
    return token.indexOf('=') < 0;
  }

  /**
   * Whether both tokens are strings in the same quotes, with the same punctuation around them:
   * {@code "shop"} and {@code "analytics"}, {@code ('a')} and {@code ('b')}.
   */
  static boolean bothQuoted(String a, String b) {
    int open = quoteStart(a);
    if (open < 0 || open != quoteStart(b) || !a.regionMatches(0, b, 0, open + 1)) {
      return false;
    }
    char quote = a.charAt(open);
    int closeA = a.lastIndexOf(quote);
    int closeB = b.lastIndexOf(quote);
    return closeA > open
        && closeB > open
        && a.length() - closeA == b.length() - closeB
        && a.regionMatches(closeA, b, closeB, a.length() - closeA);
  }

  /** Where the quote opens, after brackets only; -1 when the token is not quoted. */
  private static int quoteStart(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '"' || c == '\'') {
        return i;
      }
      if (c != '(' && c != '[' && c != '{' && c != '<') {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Whether the tokens are one name frame around a differing part: {@code svc/web1} and {@code
   * svc/web2}, {@code auth(login:x)} and {@code auth(cron:x)}, {@code ask[MX]} and {@code
   * ask[TXT]}. The frame is what both share up to a separator ({@code / ( [ { : @ = ) ] }}) and
   * from one on; it must hold a letter or digit, so that trailing punctuation ({@code failed:},
   * {@code done:}) is no frame, and the differing parts are names (letters, digits, {@code _-}). A
   * dot is no separator: the last part of a dotted name ({@code com.shop.Cart}, {@code
   * com.shop.Order}) is more often a constant of the code (a class, a logger) than a parameter.
   */
  static boolean sameNameFrame(String a, String b) {
    int prefix = 0;
    int max = Math.min(a.length(), b.length());
    while (prefix < max && a.charAt(prefix) == b.charAt(prefix)) {
      prefix++;
    }
    if (prefix == a.length() && prefix == b.length()) {
      return false;
    }
    while (prefix > 0 && !isSeparator(a.charAt(prefix - 1))) {
      prefix--;
    }
    int suffix = 0;
    while (suffix < max - prefix
        && a.charAt(a.length() - 1 - suffix) == b.charAt(b.length() - 1 - suffix)) {
      suffix++;
    }
    while (suffix > 0 && !isSeparator(a.charAt(a.length() - suffix))) {
      suffix--;
    }
    if (!hasLetterOrDigit(a, 0, prefix) && !hasLetterOrDigit(a, a.length() - suffix, a.length())) {
      return false;
    }
    return isName(a, prefix, a.length() - suffix) && isName(b, prefix, b.length() - suffix);
  }

  /**
   * Whether the tokens are two constants of one enumeration: names in capitals joined by
   * underscores ({@code CONTAINER_REMOTE_LAUNCH}, {@code CONTAINER_REMOTE_CLEANUP}; {@code
   * HIER_DIRECT/<*>}, {@code HIER_NONE/-}), which a program prints with a {@code %s} of its enum or
   * code table, followed by the same punctuation or by a separator and a value each (masked, or an
   * empty field's dash).
   */
  static boolean sameEnumeration(String a, String b) {
    int endA = constantEnd(a);
    int endB = constantEnd(b);
    if (endA < 0 || endB < 0 || a.regionMatches(0, b, 0, Math.max(endA, endB))) {
      return false;
    }
    boolean samePunctuation =
        a.length() - endA == b.length() - endB && a.regionMatches(endA, b, endB, a.length() - endA);
    return samePunctuation || (isValueTail(a, endA) && isValueTail(b, endB));
  }

  /** Where a constant in capitals with an underscore ends; -1 when the token does not start so. */
  private static int constantEnd(String t) {
    int i = 0;
    boolean underscore = false;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c == '_' && i > 0 && i + 1 < t.length() && isCapitalOrDigit(t.charAt(i + 1))) {
        underscore = true;
      } else if (!isCapitalOrDigit(c) || (i == 0 && !(c >= 'A' && c <= 'Z'))) {
        break;
      }
      i++;
    }
    return underscore ? i : -1;
  }

  private static boolean isCapitalOrDigit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** A separator and then a masked value or an empty field's dash, to the token's end. */
  private static boolean isValueTail(String t, int from) {
    if (from >= t.length() || !isSeparator(t.charAt(from))) {
      return false;
    }
    String tail = t.substring(from + 1);
    return tail.contains(Masker.WILDCARD) || tail.equals("-");
  }

  /**
   * Whether one token is the other with its number masked: {@code shop.ev7} and {@code shop.ev<*>},
   * {@code worker3:} and {@code worker<*>:}. The masker keeps a single digit ending a name as part
   * of it ({@code eth0}) and masks a longer number, so a name numbered past nine is written two
   * ways; the masked form shows the number is a field, and the digit of the other is its value. Two
   * literal numbers ({@code ipv4}, {@code ipv6}) prove nothing (rule 19 keeps those apart).
   */
  static boolean sameNameMaskedNumber(String a, String b) {
    // Both start with the name: most pairs of different tokens are turned away by their first
    // character, before any search for the mask.
    if (a.isEmpty() || b.isEmpty() || a.charAt(0) != b.charAt(0)) {
      return false;
    }
    return maskedNumberOf(a, b) || maskedNumberOf(b, a);
  }

  private static boolean maskedNumberOf(String masked, String literal) {
    int at = masked.indexOf(Masker.WILDCARD);
    if (at <= 0
        || !CharRanges.isLetter(masked.charAt(at - 1))
        || masked.indexOf(Masker.WILDCARD, at + 1) >= 0
        || literal.contains(Masker.WILDCARD)) {
      return false;
    }
    int after = at + Masker.WILDCARD.length();
    int suffix = masked.length() - after;
    int digitsEnd = literal.length() - suffix;
    if (digitsEnd <= at
        || !literal.regionMatches(0, masked, 0, at)
        || !literal.regionMatches(digitsEnd, masked, after, suffix)) {
      return false;
    }
    for (int i = at; i < digitsEnd; i++) {
      if (!Shapes.isDigit(literal.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The most letters of a code before its number: {@code q1}, {@code rc0}, not {@code ipv4}. */
  private static final int MAX_CODE_LETTERS = 2;

  /**
   * Whether the tokens are one code with two numbers: one or two letters, then a number (digits or
   * a masked one), then punctuation only, the same letters and punctuation in both and the numbers
   * different ({@code q1,} and {@code q0,}, {@code (p2} and {@code (p4}, {@code k5).} and {@code
   * k<*>).}). Nothing is masked by this alone: a code seen with one number stays a word ({@code
   * h2}), and only two numbers after the same letters at the same position of one event say that
   * the number is a field's value. A longer word with a number ({@code ipv4} and {@code ipv6},
   * {@code sha1}, {@code eth0}) more often names a constant of the program than a field.
   */
  static boolean sameCodeNumbered(String a, String b) {
    int digitsA = codeDigits(a);
    int digitsB = codeDigits(b);
    if (digitsA <= 0 || digitsA != digitsB || !a.regionMatches(0, b, 0, digitsA)) {
      return false;
    }
    int endA = numberEnd(a, digitsA);
    int endB = numberEnd(b, digitsB);
    return a.length() - endA == b.length() - endB
        && a.regionMatches(endA, b, endB, a.length() - endA)
        && !a.equals(b);
  }

  /**
   * Where the number of a code starts: after brackets, then letters; -1 when the token is not
   * letters and a number followed by punctuation only.
   */
  private static int codeDigits(String t) {
    int i = 0;
    while (i < t.length() && (t.charAt(i) == '(' || t.charAt(i) == '[' || t.charAt(i) == '{')) {
      i++;
    }
    int letters = i;
    while (i < t.length() && CharRanges.isLetter(t.charAt(i))) {
      i++;
    }
    if (i == letters
        || i - letters > MAX_CODE_LETTERS
        || i == t.length()
        || !(Shapes.isDigit(t.charAt(i)) || t.startsWith(Masker.WILDCARD, i))) {
      return -1;
    }
    for (int j = numberEnd(t, i); j < t.length(); j++) {
      if (Character.isLetterOrDigit(t.charAt(j)) || t.charAt(j) == '<') {
        return -1;
      }
    }
    return i;
  }

  private static int numberEnd(String t, int from) {
    if (t.startsWith(Masker.WILDCARD, from)) {
      return from + Masker.WILDCARD.length();
    }
    int i = from;
    while (i < t.length() && Shapes.isDigit(t.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSeparator(char c) {
    return c == '/' || c == '(' || c == '[' || c == '{' || c == ':' || c == '@' || c == '='
        || c == ')' || c == ']' || c == '}';
  }

  private static boolean hasLetterOrDigit(String t, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.isLetterOrDigit(t.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A non-empty run of letters, digits, {@code _-} or a masked part, from {@code from} to {@code
   * to}.
   */
  private static boolean isName(String t, int from, int to) {
    if (to <= from) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (!(Character.isLetterOrDigit(c)
          || c == '_'
          || c == '-'
          || c == '<'
          || c == '>'
          || c == '*')) {
        return false;
      }
    }
    return true;
  }

  /** Prepositions: the word after one names the thing an action is for, from, by or on. */
  private static final java.util.Set<String> PREPOSITIONS = java.util.Set.of("by", "for", "from");

  /**
   * Rule 43: whether the token at position {@code i} is the object of a preposition ({@code for
   * root}, {@code by stripe}, {@code from alice}) and both differing tokens are names.
   */
  static boolean afterPreposition(String[] tokens, int i, String a, String b) {
    return i > 0
        && PREPOSITIONS.contains(tokens[i - 1])
        && hasLetterOrDigit(a, 0, a.length())
        && hasLetterOrDigit(b, 0, b.length())
        && (endsPhrase(a)
            || endsPhrase(b)
            || i + 1 == tokens.length
            || !isPlainNext(tokens[i + 1]));
  }

  private static boolean endsPhrase(String t) {
    char last = t.charAt(t.length() - 1);
    return last == ':' || last == ',' || last == ';' || last == '.';
  }

  /** A next word that makes the object a modifier of a noun ({@code for client connections}). */
  private static boolean isPlainNext(String next) {
    if (next.contains(Masker.WILDCARD) || next.indexOf('=') >= 0 || PREPOSITIONS.contains(next)) {
      return false;
    }
    return hasLetterOrDigit(next, 0, next.length());
  }

  /**
   * Rule 44: a word without the brackets, quotes and marks around it ({@code INBOX:}, {@code
   * (timeout)}, {@code 'basic'} as {@code INBOX}, {@code timeout}, {@code basic}), to compare the
   * values of a parameter printed in different punctuation.
   */
  static String bare(String token) {
    int start = 0;
    int end = token.length();
    while (start < end && "([{'\"".indexOf(token.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && ")]}'\":,;.".indexOf(token.charAt(end - 1)) >= 0) {
      end--;
    }
    return start == 0 && end == token.length() ? token : token.substring(start, end);
  }

  /**
   * Whether position {@code i} starts a sentence: the message's first token, or one after a word
   * ending in a colon or after a token of marks only ({@code -}, {@code |}).
   */
  static boolean startsSentence(String[] tokens, int i) {
    if (i == 0) {
      return true;
    }
    String before = tokens[i - 1];
    if (before.endsWith(":")) {
      return true;
    }
    for (int c = 0; c < before.length(); c++) {
      if (Character.isLetterOrDigit(before.charAt(c))) {
        return false;
      }
    }
    return true;
  }
}
