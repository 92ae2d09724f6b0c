package dev.oats.logs;

/**
 * Rule 38: keys of {@code key=value} tokens as the constants of a message's format: two tokens at
 * one position with different keys ({@code message-id=<*>}, {@code client=<*>}) are different
 * fields, so different events or an optional field, never two values of one parameter, however
 * variable their values are.
 */
final class KeyFields {

  private KeyFields() {}

  /**
   * Whether both tokens are {@code key=value} (a key of letters, digits, {@code _.-}) with keys
   * that differ.
   */
  static boolean differentKeys(String a, String b) {
    int keyA = keyEnd(a);
    int keyB = keyEnd(b);
    return keyA > 0 && keyB > 0 && (keyA != keyB || !a.regionMatches(0, b, 0, keyA));
  }

  /** The length of the key of a {@code key=value} token, with its {@code =}, or 0 if none. */
  static int keyLength(String token) {
    return keyEnd(token) + 1;
  }

  private static int keyEnd(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '=') {
        return i;
      }
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
        return -1;
      }
    }
    return -1;
  }
}
