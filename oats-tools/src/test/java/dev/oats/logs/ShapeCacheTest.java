package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The cache of masked keys by shape against the masker itself: every message, and every message
 * with other digits in it, must get the key masking gives it. The messages are those of the logs in
 * the repository (the test corpus and the labelled sources of {@code bench/data}) and fuzzed lines
 * of every value shape, so that a masking rule that reads the value of a digit shows here.
 */
class ShapeCacheTest {

  @Test
  void everyMessageWithOtherDigitsIsMaskedAsTheMaskerMasksIt() throws IOException {
    List<String> messages = new ArrayList<>();
    HeaderDetector headers = new HeaderDetector();
    for (String line : RepositoryLogs.lines()) {
      messages.add(headers.detect(line).content());
    }
    for (String line : FastPathTest.fuzzedLines(14, 4_000)) {
      messages.add(headers.detect(line).content());
    }
    Masker masker = new Masker();
    ShapeCache cache = new ShapeCache(masker);
    Random random = new Random(6);
    for (String message : messages) {
      // The message, then the same with new digits: the second is found by its shape.
      for (String variant : new String[] {message, otherDigits(message, random), message}) {
        assertThat(cache.maskJoined(variant))
            .as("%s", variant)
            .isEqualTo(masker.maskJoined(variant));
      }
    }
    assertThat(cache.hits()).as("messages found by their shape").isGreaterThan(messages.size());
  }

  @Test
  void aZeroBeforeAnXIsPartOfTheShape() {
    Masker masker = new Masker();
    ShapeCache cache = new ShapeCache(masker);
    cache.maskJoined("value 0x1f set");
    assertThat(cache.maskJoined("value 5x1f set")).isEqualTo(masker.maskJoined("value 5x1f set"));
    assertThat(cache.shapeOf("0x1f 5x1f 0X9")).isEqualTo("0x1f 1x1f 0X1");
  }

  @Test
  void aKeyHoldingDigitsOfTheMessageIsNotGivenToAnotherMessage() {
    Masker masker = new Masker();
    ShapeCache cache = new ShapeCache(masker);
    assertThat(cache.maskJoined("link alt0 up after 12 ms")).contains("alt0");
    assertThat(cache.maskJoined("link alt1 up after 34 ms"))
        .isEqualTo(masker.maskJoined("link alt1 up after 34 ms"))
        .contains("alt1");
  }

  @Test
  void aKeyHoldingDigitsOfTheMessageIsRebuiltWithEachDigitFromWhereItWasCopied() {
    Masker masker = new Masker();
    ShapeCache cache = new ShapeCache(masker);
    String first = "moved eth3 to eth7 in 12 ms, then alt0 and alt5 after 4096 tries";
    assertThat(cache.maskJoined(first)).isEqualTo(masker.maskJoined(first)).contains("eth3");
    assertThat(cache.misses()).isEqualTo(1);
    for (String other :
        new String[] {
          "moved eth5 to eth2 in 99 ms, then alt8 and alt1 after 1234 tries",
          "moved eth0 to eth0 in 00 ms, then alt9 and alt9 after 0000 tries",
          first
        }) {
      assertThat(cache.maskJoined(other)).as(other).isEqualTo(masker.maskJoined(other));
    }
    assertThat(cache.hits()).as("the others found by their shape").isEqualTo(3);
    String again =
        cache.maskJoined("moved eth5 to eth2 in 99 ms, then alt8 and alt1 after 1234 tries");
    assertThat(again).contains("eth5", "eth2", "alt8", "alt1");
    // The same copied digits with other values elsewhere: the very key given before.
    assertThat(cache.maskJoined("moved eth5 to eth2 in 11 ms, then alt8 and alt1 after 5678 tries"))
        .isSameAs(again);
  }

  @Test
  void everyMessageWithOtherDigitsHasTheNumbersTheNumberReaderFinds() throws IOException {
    List<String> messages = new ArrayList<>();
    HeaderDetector headers = new HeaderDetector();
    for (String line : RepositoryLogs.lines()) {
      messages.add(headers.detect(line).content());
    }
    for (String line : FastPathTest.fuzzedLines(15, 4_000)) {
      messages.add(headers.detect(line).content());
    }
    ShapeCache cache = new ShapeCache(new Masker());
    Random random = new Random(7);
    int withNumbers = 0;
    for (String message : messages) {
      for (String variant : new String[] {message, otherDigits(message, random), message}) {
        cache.maskJoined(variant);
        NumberFields.Field[] cached = new NumberFields.Field[NumberFields.MAX_FIELDS];
        NumberFields.Field[] direct = new NumberFields.Field[NumberFields.MAX_FIELDS];
        int found = cache.readNumbers(variant, cached);
        assertThat(found).as("%s", variant).isEqualTo(NumberFields.read(variant, direct));
        assertThat(cached).as("%s", variant).containsExactly(direct);
        withNumbers += found > 0 ? 1 : 0;
      }
    }
    assertThat(withNumbers).as("messages with measured numbers").isGreaterThan(1_000);
  }

  @Test
  void aKeyWithDigitsIsReadFromEachMessageAndAnotherShapeLearnsItsOwnNumbers() {
    ShapeCache cache = new ShapeCache(new Masker());
    NumberFields.Field[] out = new NumberFields.Field[NumberFields.MAX_FIELDS];
    String first = "disk1=50 free after 12 ms";
    cache.maskJoined(first);
    assertThat(cache.readNumbers(first, out)).isEqualTo(2);
    String second = "disk7=93 free after 45 ms";
    cache.maskJoined(second);
    assertThat(cache.readNumbers(second, out)).isEqualTo(2);
    assertThat(out[0]).isEqualTo(new NumberFields.Field("disk7", 93, "", true));
    assertThat(out[1]).isEqualTo(new NumberFields.Field("after", 45, "ms", false));
    // Shapes that take each other's slots: each is read by its own layout.
    for (int i = 0; i < 20_000; i++) {
      // More shapes than slots, of three layouts.
      String message =
          letters(i)
              + (i % 3 == 0
                  ? " took " + i + " ms"
                  : i % 3 == 1 ? " size=" + i : " at " + i + " after " + 7 * i + " seconds");
      cache.maskJoined(message);
      int found = cache.readNumbers(message, out);
      NumberFields.Field[] direct = new NumberFields.Field[NumberFields.MAX_FIELDS];
      assertThat(found).as(message).isEqualTo(NumberFields.read(message, direct));
      assertThat(java.util.Arrays.copyOf(out, found))
          .as(message)
          .containsExactly(java.util.Arrays.copyOf(direct, found));
    }
  }

  /** A word of letters only, one for each number. */
  private static String letters(int number) {
    StringBuilder word = new StringBuilder("q");
    for (int n = number; n > 0; n /= 26) {
      word.append((char) ('a' + n % 26));
    }
    return word.toString();
  }

  /** The message with every ASCII digit replaced by a random one. */
  private static String otherDigits(String message, Random random) {
    char[] chars = message.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= '0' && chars[i] <= '9') {
        chars[i] = (char) ('0' + random.nextInt(10));
      }
    }
    return new String(chars);
  }
}
