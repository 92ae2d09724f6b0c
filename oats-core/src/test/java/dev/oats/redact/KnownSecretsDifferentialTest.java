package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The known-secret search, made cheaper, finds exactly what it found before: {@link
 * KnownSecretsDetector} and its former self, {@link KnownSecretsOracle}, report the same findings
 * on thousands of generated texts (fixed seed) holding the values in every encoding the search
 * knows, near misses of them, long blanks, many lines, Unicode and escapes.
 */
class KnownSecretsDifferentialTest {

  private static final List<List<String>> SECRET_SETS =
      List.of(
          List.of("sk-ant-api03-Kn0wnS3cretVaLue/x+yz_1234567890", "evt-token-9f8e7d6c5b4a"),
          List.of("abcdefgh"),
          List.of("pass phrase with blanks", "Pässwörd-ünïcode-€€€-12345", "ABCDEFGHabcdefgh"),
          List.of("  padded-value-0001\n", "short", "", "0123456789abcdef0123"));

  private static final String[] WORDS = {
    "pod",
    "kube-system",
    "Running",
    "0/1",
    "CrashLoopBackOff",
    "10.0.3.7",
    "25%",
    "\\n",
    "&amp;",
    "&#",
    "\\u00",
    "%2",
    "=",
    "==",
    "AAAA",
    "abcd",
    "QUJD",
    "é",
    "日本語",
    "\uD83D\uDE00",
    "-",
    "_",
    "+",
    "/",
    "deadbeef",
    "DEADBEEF",
    "\\x4",
    "&#x4"
  };

  private static final String[] BLANKS = {
    " ", "  ", "\t", "\n", "\r\n", "\n\n\n", " \f ", "\u000B", "          \n          ", "\n    \n"
  };

  @Test
  void findsWhatTheFormerSearchFound() {
    Random random = new Random(20261207L);
    int texts = 0;
    int withFindings = 0;
    for (List<String> secrets : SECRET_SETS) {
      KnownSecretsDetector detector = KnownSecretsDetector.of(secrets);
      KnownSecretsOracle oracle = KnownSecretsOracle.of(secrets);
      List<String> forms = new ArrayList<>();
      for (String secret : secrets) {
        String value = secret.strip();
        if (value.length() < KnownSecretsDetector.MIN_LENGTH) {
          continue;
        }
        forms.addAll(KnownSecretEncodingsAttackTest.encodings(value).values());
        forms.add(value);
        forms.addAll(nearMisses(value, random));
      }
      for (int round = 0; round < 1500; round++) {
        String text = text(random, forms);
        List<String> expected = findings(oracle, text);
        List<String> actual = findings(detector, text);
        assertThat(actual).as("findings in %s", quoted(text)).isEqualTo(expected);
        texts++;
        if (!expected.isEmpty()) {
          withFindings++;
        }
      }
    }
    // The comparison means something only if many texts hold findings and many do not.
    assertThat(withFindings).isGreaterThan(texts / 4).isLessThan(texts);
  }

  /** A value with one character changed, cut short, or broken by a blank. */
  private static List<String> nearMisses(String value, Random random) {
    List<String> misses = new ArrayList<>();
    int at = random.nextInt(value.length());
    char[] changed = value.toCharArray();
    changed[at] = changed[at] == 'x' ? 'y' : 'x';
    misses.add(new String(changed));
    misses.add(value.substring(0, value.length() - 1));
    misses.add(value.substring(1));
    misses.add(value.substring(0, at) + "\u00a0" + value.substring(at));
    misses.add(value.toUpperCase());
    for (String form : KnownSecretEncodingsAttackTest.encodings(misses.get(0)).values()) {
      misses.add(form);
    }
    return misses;
  }

  /** Words, blanks and forms of the values, and sometimes a form cut or spread over blanks. */
  private static String text(Random random, List<String> forms) {
    StringBuilder text = new StringBuilder();
    int parts = 1 + random.nextInt(random.nextInt(10) == 0 ? 400 : 40);
    for (int i = 0; i < parts; i++) {
      int kind = random.nextInt(10);
      if (kind < 4) {
        text.append(WORDS[random.nextInt(WORDS.length)]);
      } else if (kind < 7) {
        text.append(BLANKS[random.nextInt(BLANKS.length)]);
      } else if (kind < 8) {
        text.append(" ".repeat(random.nextInt(300)));
      } else {
        String form = forms.get(random.nextInt(forms.size()));
        int how = random.nextInt(6);
        if (how == 0 && form.length() > 2) {
          int from = random.nextInt(form.length() / 2);
          form = form.substring(from, from + 1 + random.nextInt(form.length() - from));
        } else if (how == 1) {
          StringBuilder spread = new StringBuilder();
          for (char c : form.toCharArray()) {
            spread.append(c);
            if (random.nextInt(4) == 0) {
              spread.append(BLANKS[random.nextInt(BLANKS.length)]);
            }
          }
          form = spread.toString();
        }
        text.append(form);
      }
    }
    return text.toString();
  }

  private static List<String> findings(Detector detector, String text) {
    List<String> found = new ArrayList<>();
    detector.detect(
        text,
        LowerCaseText.of(text),
        (start, end, kind) -> found.add(start + "-" + end + " " + kind));
    // The redactor sorts what the detectors report; the order they report it in does not count.
    found.sort(null);
    return found;
  }

  private static String quoted(String text) {
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }
}
