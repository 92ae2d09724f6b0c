package dev.oats.redact;

/** Finds secrets of one family in a text. Implementations are immutable and thread-safe. */
interface Detector {

  /**
   * Reports the position of every secret value found in {@code text}.
   *
   * @param lowerCase {@code text} with its ASCII letters in lower case, computed once per redaction
   *     so every detector can test its cheap hints before running a regular expression ({@link
   *     LowerCaseText#contains} answers at once for most words a text does not hold); its {@link
   *     LowerCaseText#text} has the same length as {@code text} and the same characters at the same
   *     indices
   */
  void detect(String text, LowerCaseText lowerCase, Findings findings);

  /** Where detectors report what they found. */
  @FunctionalInterface
  interface Findings {
    /** A secret occupies {@code text[start, end)}. */
    void add(int start, int end, SecretKind kind);
  }
}
