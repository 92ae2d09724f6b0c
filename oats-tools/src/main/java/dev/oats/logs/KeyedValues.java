package dev.oats.logs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The words seen as values of a proven variable, by the word before it: after {@code user} in
 * {@code Invalid user <*> from <*>}, the names {@code root}, {@code alice}, {@code postgres}. Where
 * another event (one that has shown too few values to prove its position variable) differs in two
 * such words after the same word ({@code Disconnected from user root}, {@code ... user postgres}),
 * they are values of the same parameter, not words of two events.
 *
 * <p>Memory is bounded: at most {@link #CAPACITY} pairs are kept, and all are forgotten when full.
 */
final class KeyedValues {

  static final int CAPACITY = 4096;

  private final Map<String, Set<String>> valuesByWord = new HashMap<>();
  private int size;

  /** Remembers {@code value} as a value of a proven variable after {@code word}. */
  void remember(String word, String value) {
    if (!Syntax.isWord(word) || !Syntax.isWord(value)) {
      return;
    }
    if (size >= CAPACITY) {
      valuesByWord.clear();
      size = 0;
    }
    if (valuesByWord.computeIfAbsent(word, w -> new HashSet<>(4)).add(value)) {
      size++;
    }
  }

  /** Whether both tokens were seen as values of a proven variable after {@code word}. */
  boolean bothValuesAfter(String word, String a, String b) {
    Set<String> values = valuesByWord.get(word);
    return values != null && values.contains(a) && values.contains(b);
  }
}
