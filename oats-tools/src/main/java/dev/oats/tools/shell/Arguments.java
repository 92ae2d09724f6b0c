package dev.oats.tools.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A command's arguments read the way getopt reads them: clustered short options ({@code -sSLo
 * file}), long options with {@code =} or a separate value, {@code --}, and operands anywhere.
 *
 * <p>The sets of options that take a value are kept to ones known to take one: an option wrongly
 * thought to take a value would hide the next word from the rules, while one wrongly thought not to
 * only makes its value be looked at as well.
 */
final class Arguments {

  /**
   * One option as given.
   *
   * @param name {@code -o} or {@code --output}, as written (long options may be abbreviated)
   * @param value its value, or null
   */
  record Option(String name, Word value) {

    /**
     * Whether this option is one of {@code names}. A long option matches when it is the name or an
     * abbreviation of it, as getopt_long accepts unambiguous prefixes.
     */
    boolean is(String... names) {
      for (String candidate : names) {
        boolean abbreviation =
            name.startsWith("--") && name.length() > 2 && candidate.startsWith(name);
        if (candidate.equals(name) || abbreviation) {
          return true;
        }
      }
      return false;
    }

    /** The value's text, or the empty string when there is none. */
    String valueText() {
      return value == null ? "" : value.text();
    }
  }

  private final List<Option> options = new ArrayList<>();
  private final List<Word> operands = new ArrayList<>();
  private boolean opaque;

  private Arguments() {}

  /**
   * Reads {@code words}.
   *
   * @param shortWithValue the letters of short options that take a value
   * @param longWithValue the long options that take a value (exact names)
   */
  static Arguments parse(List<Word> words, String shortWithValue, Set<String> longWithValue) {
    Arguments arguments = new Arguments();
    boolean optionsEnded = false;
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        arguments.opaque = true;
        arguments.operands.add(word);
      } else if (optionsEnded || text.equals("-") || !text.startsWith("-")) {
        arguments.operands.add(word);
      } else if (text.equals("--")) {
        optionsEnded = true;
      } else if (text.startsWith("--")) {
        i = arguments.longOption(words, i, longWithValue);
      } else {
        i = arguments.shortOptions(words, i, shortWithValue);
      }
    }
    return arguments;
  }

  /**
   * The first {@code count} operands, such as kubectl's verb and sub-verb, skipping options on the
   * way. Options in {@code valueFlags} take the next word as their value; others stand alone. A
   * word that could expand into anything ends the list (as an opaque operand), since the words
   * after it cannot be placed.
   */
  static List<Word> leadingOperands(List<Word> words, Set<String> valueFlags, int count) {
    List<Word> found = new ArrayList<>();
    for (int i = 0; i < words.size() && found.size() < count; i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        found.add(word);
        break;
      }
      if (!text.startsWith("-") || text.equals("-")) {
        found.add(word);
      } else if (valueFlags.contains(text) && ++i < words.size() && words.get(i).splittable()) {
        found.add(Word.unknown());
        break;
      }
    }
    return found;
  }

  private int longOption(List<Word> words, int i, Set<String> longWithValue) {
    Word word = words.get(i);
    int equals = word.text().indexOf('=');
    if (equals > 0) {
      options.add(new Option(word.text().substring(0, equals), word.from(equals + 1)));
      return i;
    }
    if (longWithValue.contains(word.text()) && i + 1 < words.size()) {
      return takeValue(word.text(), words, i + 1);
    }
    options.add(new Option(word.text(), null));
    return i;
  }

  private int shortOptions(List<Word> words, int i, String shortWithValue) {
    Word word = words.get(i);
    String text = word.text();
    for (int j = 1; j < text.length(); j++) {
      char letter = text.charAt(j);
      if (shortWithValue.indexOf(letter) < 0) {
        options.add(new Option("-" + letter, null));
      } else if (j + 1 < text.length()) {
        options.add(new Option("-" + letter, word.from(j + 1)));
        return i;
      } else if (i + 1 < words.size()) {
        return takeValue("-" + letter, words, i + 1);
      } else {
        options.add(new Option("-" + letter, null));
      }
    }
    return i;
  }

  private int takeValue(String name, List<Word> words, int valueIndex) {
    Word value = words.get(valueIndex);
    opaque |= value.splittable();
    options.add(new Option(name, value));
    return valueIndex;
  }

  List<Option> options() {
    return options;
  }

  List<Word> operands() {
    return operands;
  }

  /** Whether some word could expand into options the rules cannot see. */
  boolean opaque() {
    return opaque;
  }

  boolean has(String... names) {
    return options.stream().anyMatch(option -> option.is(names));
  }

  List<Option> all(String... names) {
    return options.stream().filter(option -> option.is(names)).toList();
  }
}
