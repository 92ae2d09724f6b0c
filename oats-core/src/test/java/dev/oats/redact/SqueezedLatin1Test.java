package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The known-secret search over a Latin-1 text squeezed as bytes finds exactly what the search over
 * the same text squeezed as characters finds, and the pre-scan tells which texts are Latin-1.
 */
class SqueezedLatin1Test {

  private static final List<String> SECRETS =
      List.of("Grüße-aus-Köln-2026ÿ", "sk-ant-api03-Kn0wnS3cretVaLue/x+yz_1234567890");

  private static final String[] WORDS = {
    "pod",
    "Running",
    "ü",
    "ß",
    "ÿ",
    "é",
    "\u00a0",
    "\u0085",
    "?",
    "==",
    "QUJD",
    "DEADBEEF",
    "-",
    "/"
  };

  private static final String[] BLANKS = {" ", "\t", "\n", "\r\n", "\f", "\u000B", "   \n  "};

  @Test
  void bytesAndCharactersFindTheSameNeedlesAtTheSamePlaces() {
    KnownSecretsDetector.Needles needles = new KnownSecretsDetector.Needles(forms());
    KnownSecretsDetector.Needles lower =
        new KnownSecretsDetector.Needles(
            List.of("6772c3bc", "deadbeefdeadbeef", "c3bcc39f652d6175"));
    Random random = new Random(1207);
    int withFindings = 0;
    for (int round = 0; round < 3_000; round++) {
      String text = text(random);
      assertThat(LowerCaseText.of(text).isLatin1()).isTrue();
      KnownSecretsDetector.Squeezed asBytes = KnownSecretsDetector.Squeezed.of(text, true);
      KnownSecretsDetector.Squeezed asChars = KnownSecretsDetector.Squeezed.of(text, false);
      assertThat(asBytes.bytes).isNotNull();
      assertThat(asBytes.length).isEqualTo(asChars.length);
      List<String> byBytes = new ArrayList<>();
      List<String> byChars = new ArrayList<>();
      KnownSecretsDetector.Needles.find(
          needles,
          lower,
          asBytes.bytes,
          asBytes.length,
          (s, e) -> byBytes.add("plain " + s + "-" + e),
          (s, e) -> byBytes.add("lower " + s + "-" + e));
      KnownSecretsDetector.Needles.find(
          needles,
          lower,
          asChars.chars,
          asChars.length,
          (s, e) -> byChars.add("plain " + s + "-" + e),
          (s, e) -> byChars.add("lower " + s + "-" + e));
      assertThat(byBytes).as("%s", text).isEqualTo(byChars);
      if (!byChars.isEmpty()) {
        withFindings++;
      }
    }
    assertThat(withFindings).isGreaterThan(300);
  }

  @Test
  void thePreScanTellsLatin1TextsFromOthers() {
    for (String latin1 : List.of("", "a", "?", "ÿ?é", "Grüße\n", "\u0000\u00ff")) {
      assertThat(LowerCaseText.of(latin1 + "x").isLatin1()).as(latin1).isTrue();
    }
    for (String other :
        List.of("\u0100", "a?\u0101", "日本語", "\uD83D\uDE00", "\uD83D", "x\uDE00?", "€")) {
      assertThat(LowerCaseText.of(other + "x").isLatin1()).as(other).isFalse();
    }
  }

  private static List<String> forms() {
    List<String> forms = new ArrayList<>();
    for (String secret : SECRETS) {
      forms.add(secret);
      forms.add(new StringBuilder(secret).reverse().toString());
    }
    return forms;
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    List<String> forms = forms();
    int parts = 1 + random.nextInt(40);
    for (int i = 0; i < parts; i++) {
      int kind = random.nextInt(8);
      if (kind < 4) {
        text.append(WORDS[random.nextInt(WORDS.length)]);
      } else if (kind < 6) {
        text.append(BLANKS[random.nextInt(BLANKS.length)]);
      } else {
        String form = forms.get(random.nextInt(forms.size()));
        if (random.nextBoolean()) {
          // ASCII letters only: "ÿ" upper-cased is beyond Latin-1.
          StringBuilder upper = new StringBuilder(form);
          for (int k = 0; k < upper.length(); k++) {
            char c = upper.charAt(k);
            if (c >= 'a' && c <= 'z') {
              upper.setCharAt(k, (char) (c - 'a' + 'A'));
            }
          }
          form = upper.toString();
        }
        // Spread over blanks now and then, as wrapped output is.
        StringBuilder spread = new StringBuilder();
        for (char c : form.toCharArray()) {
          spread.append(c);
          if (random.nextInt(6) == 0) {
            spread.append(BLANKS[random.nextInt(BLANKS.length)]);
          }
        }
        text.append(random.nextInt(3) == 0 ? spread : form);
      }
    }
    return text.toString();
  }
}
