package dev.oats.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule 26: the same few words recurring after the same word in different events are values of a
 * parameter (issue 15). A parameter with a small domain and no syntax of its own, such as the user
 * names {@code root} and {@code postgres}, shows too few values in any one event to prove itself a
 * variable, so each event splits by user. But the same pair then recurs, after the same word, in
 * several events ({@code Disconnected from user root|postgres}, {@code session closed for user
 * root|postgres}); words that tell two events apart belong to one frame ({@code link state
 * up|down}) and do not recur together in another frame after the same word. So an open position
 * (one that keeps a few values as variants) whose word before it and two of its values recur at an
 * open position of another cluster is a variable, and so is that other position.
 *
 * <p>The word before the position is part of the evidence: without it (rule 13, tried in the third
 * round) verb forms that recur as event words in several sentences ({@code started|stopped remote
 * peer}, {@code started|stopped streaming}) were taken for values; a verb opening a sentence has no
 * word before it.
 *
 * <p>Memory is bounded: at most {@link #CAPACITY} open positions are remembered, all forgotten when
 * full.
 *
 * @param <T> the owner of an open position (a cluster of the miner)
 */
final class RecurringSlots<T> {

  static final int CAPACITY = 4096;

  /** One open position of one owner, and the values seen there. */
  static final class Slot<T> {
    final T owner;
    final int position;
    final List<String> values = new ArrayList<>(4);

    Slot(T owner, int position) {
      this.owner = owner;
      this.position = position;
    }

    /** Whether two values seen here were seen at the other position too, forms of no one kind. */
    boolean sharesTwoValues(Slot<T> other) {
      for (int a = 0; a < values.size(); a++) {
        if (!other.values.contains(values.get(a))) {
          continue;
        }
        for (int b = a + 1; b < values.size(); b++) {
          if (other.values.contains(values.get(b))
              && !WordForms.endAlike(values.get(a), values.get(b))) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /**
   * A word of letters only: the constant of a frame before a parameter ({@code for}, {@code user},
   * {@code after}). A token with brackets or other marks ({@code (root)}) is more often a value
   * itself, and words recurring after it are the event's own.
   */
  static boolean isPlainWord(String token) {
    if (token.isEmpty()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isLetter(token.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private final Map<String, List<Slot<T>>> byWord = new HashMap<>();
  private int size;

  /**
   * Records that {@code owner}'s position after {@code word} holds {@code values} (all those seen
   * there so far), and returns the open positions proved variable by it: this one and those of
   * other owners after the same word sharing two of its values; empty when none.
   */
  List<Slot<T>> observe(String word, T owner, int position, String[] values, int count) {
    if (!isPlainWord(word)) {
      return List.of();
    }
    List<Slot<T>> slots = byWord.get(word);
    Slot<T> mine = null;
    if (slots != null) {
      for (Slot<T> slot : slots) {
        if (slot.owner == owner && slot.position == position) {
          mine = slot;
          break;
        }
      }
    }
    if (mine == null) {
      if (size >= CAPACITY) {
        byWord.clear();
        size = 0;
      }
      mine = new Slot<>(owner, position);
      slots = byWord.computeIfAbsent(word, w -> new ArrayList<>(2));
      slots.add(mine);
      size++;
    }
    for (int v = 0; v < count; v++) {
      if (Syntax.isWord(values[v]) && !mine.values.contains(values[v])) {
        mine.values.add(values[v]);
      }
    }
    List<Slot<T>> proved = null;
    for (Slot<T> slot : slots) {
      if (slot.owner != owner && slot.sharesTwoValues(mine)) {
        if (proved == null) {
          proved = new ArrayList<>(2);
          proved.add(mine);
        }
        proved.add(slot);
      }
    }
    if (proved == null) {
      return List.of();
    }
    slots.removeAll(proved);
    size -= proved.size();
    return proved;
  }
}
