package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LowerCaseTextTest {

  /** What texts and words are made of: ASCII of both cases, Latin-1, beyond it, surrogates. */
  private static final String ALPHABET =
      "abcdeskAKIxyz-_:.\"/ \n\t0123\u00e9\u00c9\u00ff\u0100\u0161\u4e2d\u20ac\ud83d\ude00\ud800";

  private static final List<String> WORDS_OF_THE_DETECTORS =
      List.of(
          "sk-ant-",
          "sk-",
          "aiza",
          "ghp_",
          "xox",
          "hooks.slack.com",
          "_live_",
          "akia",
          "sg.",
          "sk",
          "\"private_key\"",
          "eyj",
          "accountkey=",
          "\"auth\"",
          "client-key-data",
          "://",
          "bearer",
          "basic",
          "last-applied-configuration",
          "data:",
          "kind:",
          "\"kind\"",
          "private key",
          "pass",
          "secret",
          "token",
          "key",
          "error",
          "timed out",
          "exit code",
          "not found");

  @Test
  void containsIsWhatSearchingTheLowerCasedTextSays() {
    Random random = new Random(14);
    for (int n = 0; n < 20_000; n++) {
      String text = randomText(random, random.nextInt(60));
      LowerCaseText lower = LowerCaseText.of(text);
      assertThat(lower.text()).isEqualTo(Redactor.asciiLowerCaseOfChars(text));
      for (int w = 0; w < 4; w++) {
        // Words taken from the text itself (found) and random ones (mostly not).
        String word =
            random.nextBoolean() && text.length() > 1
                ? cut(random, lower.text())
                : randomText(random, 1 + random.nextInt(4));
        assertThat(lower.contains(word))
            .as("%s in %s", escaped(word), escaped(text))
            .isEqualTo(lower.text().contains(word));
        if (lower.text().contains(word)) {
          assertThat(lower.mayContain(word)).isTrue();
        }
      }
      for (String word : WORDS_OF_THE_DETECTORS) {
        assertThat(lower.contains(word)).isEqualTo(lower.text().contains(word));
      }
    }
  }

  /**
   * The line feeds the pass notes, and whether the text breaks lines another way, are what a plain
   * scan of the text finds: through the bytes (Latin-1 texts, every line break and {@code ?} in
   * them) and through the characters (texts beyond Latin-1, where the pass starts again).
   */
  @Test
  void theLineFeedsAndOtherLineBreaksAreWhereAPlainScanFindsThem() {
    String breaks = "\n\n\n\r\u0085\u2028\u2029?";
    Random random = new Random(9);
    for (int n = 0; n < 20_000; n++) {
      int length = random.nextInt(n % 10 == 0 ? 2_000 : 120);
      StringBuilder built = new StringBuilder(length);
      boolean latin1 = random.nextBoolean();
      for (int i = 0; i < length; i++) {
        String from = random.nextInt(4) == 0 ? breaks : ALPHABET;
        char c = from.charAt(random.nextInt(from.length()));
        // Latin-1 texts only, half the time, so the pass over bytes runs to its end.
        built.append(latin1 && c > 0xFF ? 'x' : c);
      }
      String text = built.toString();
      LowerCaseText scan = LowerCaseText.of(text);
      List<Integer> expected = new java.util.ArrayList<>();
      for (int at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
        expected.add(at);
      }
      List<Integer> found = new java.util.ArrayList<>();
      for (int k = 0; k < scan.newlineCount(); k++) {
        found.add(scan.newline(k));
      }
      assertThat(found).as("%s", escaped(text)).isEqualTo(expected);
      boolean others =
          text.indexOf('\r') >= 0
              || text.indexOf('\u0085') >= 0
              || text.indexOf('\u2028') >= 0
              || text.indexOf('\u2029') >= 0;
      assertThat(scan.breaksOnlyAtNewlines()).as("%s", escaped(text)).isEqualTo(!others);
      assertThat(scan.isOf(text)).isTrue();
      assertThat(scan.isOf(new String(text))).isFalse();
    }
    LowerCaseText two = LowerCaseText.of("a\nb\n");
    assertThat(two.newlineCount()).isEqualTo(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> two.newline(2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aWordAtTheVeryEndOrStartOfTheTextIsFound() {
    assertThat(LowerCaseText.of("xx SK-").contains("sk-")).isTrue();
    assertThat(LowerCaseText.of("SK-xx").contains("sk-")).isTrue();
    assertThat(LowerCaseText.of("sk").contains("sk")).isTrue();
    assertThat(LowerCaseText.of("s k").contains("sk")).isFalse();
    assertThat(LowerCaseText.of("s k").mayContain("sk")).isFalse();
  }

  @Test
  void theSameTextInARowIsLowerCasedOnce() {
    String text = "Bearer TOKEN " + System.nanoTime();
    LowerCaseText first = LowerCaseText.of(text);

    assertThat(LowerCaseText.of(text)).isSameAs(first);
    // An equal text that is another object is read anew: equality would compare it all.
    assertThat(LowerCaseText.of(new String(text))).isNotSameAs(first);
  }

  private static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  private static String cut(Random random, String text) {
    int start = random.nextInt(text.length() - 1);
    int end = start + 1 + random.nextInt(Math.min(6, text.length() - start));
    return text.substring(start, Math.min(end, text.length()));
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    text.chars()
        .forEach(c -> out.append(c < 128 && c >= 32 ? "" + (char) c : "\\u%04x".formatted(c)));
    return out.toString();
  }
}
