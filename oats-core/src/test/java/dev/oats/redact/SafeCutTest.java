package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cut through a secret must not leave a readable piece of it for the redactor to miss: cut at
 * every length and windowed at every start, no 10 characters of a secret survive redaction, while
 * ordinary text is cut where it was asked to within its last word.
 */
class SafeCutTest {

  private static final String KNOWN = "Pg-pass-Wq83Lm27Zx41Kq09";
  private static final String ANTHROPIC =
      "sk-ant-api03-" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";

  private static final Redactor REDACTOR = Redactor.withKnownSecrets(List.of(KNOWN));

  private static List<String> pieces(String redacted, String secret) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i + 10 <= secret.length(); i++) {
      if (redacted.contains(secret.substring(i, i + 10))) {
        found.add(secret.substring(i, i + 10));
      }
    }
    return found;
  }

  @Test
  void noCutLeavesAPieceOfASecretTheRedactorMisses() {
    String line =
        "2026-12-07 ERROR pool: connect failed (dsn=postgres://app@db/orders) key "
            + ANTHROPIC
            + " retry with password "
            + KNOWN
            + " [attempt 3]";
    List<String> leaks = new ArrayList<>();
    for (int max = 0; max <= line.length(); max++) {
      String redacted = REDACTOR.redact(SafeCut.head(line, max) + "…");
      if (!pieces(redacted, KNOWN).isEmpty() || !pieces(redacted, ANTHROPIC).isEmpty()) {
        leaks.add(redacted);
      }
      for (int from = 0; from < line.length(); from += 7) {
        String window = REDACTOR.redact("…" + SafeCut.window(line, from, from + max) + "…");
        if (!pieces(window, KNOWN).isEmpty() || !pieces(window, ANTHROPIC).isEmpty()) {
          leaks.add(window);
        }
      }
    }
    assertThat(leaks).as("%d cuts showed part of a secret", leaks.size()).isEmpty();
  }

  @Test
  void aPlainCutThroughASecretIsWhatLeaked() {
    // What the tools did before: substring(0, max) leaves a piece the redactor cannot match.
    String line = "retry with " + KNOWN + " now";
    String naive = line.substring(0, 30);
    assertThat(pieces(REDACTOR.redact(naive), KNOWN)).isNotEmpty();
    assertThat(pieces(REDACTOR.redact(SafeCut.head(line, 30)), KNOWN)).isEmpty();
  }

  @Test
  void ordinaryTextIsCutWithinItsLastWord() {
    assertThat(SafeCut.head("short", 10)).isEqualTo("short");
    assertThat(SafeCut.head("connection refused by upstream", 20)).isEqualTo("connection refused ");
    assertThat(SafeCut.head("connection refused", 10)).isEqualTo("connection");
    assertThat(SafeCut.window("alpha beta gamma delta", 8, 18)).isEqualTo(" gamma ");
  }
}
