package dev.oats.tools.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.redact.Redactor;
import dev.oats.tools.ServiceHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An HTTP error body is quoted in a message by its first 200 characters, before the message is
 * redacted. Wherever a known secret sits in the body, no 10 characters of it may survive: a cut
 * through it left a piece the redactor could not match.
 */
class CutExcerptSecretAttackTest {

  private static final String KNOWN = "evt-token-9f8e7d6c5b4a3f2e1d0c";

  @Test
  void aBodyCutThroughAKnownSecretShowsNoPieceOfIt() {
    Redactor redactor = Redactor.withKnownSecrets(List.of(KNOWN));
    List<String> leaks = new ArrayList<>();
    for (int at = 150; at <= 200; at++) {
      String body = "x".repeat(at - 6) + " key: " + KNOWN + " was refused by the upstream";
      String shown = redactor.redact(ServiceHttp.excerpt(body));
      for (int i = 0; i + 10 <= KNOWN.length(); i++) {
        if (shown.contains(KNOWN.substring(i, i + 10))) {
          leaks.add(shown.substring(Math.max(0, shown.length() - 40)));
          break;
        }
      }
    }
    assertThat(leaks).as("excerpts that showed part of the secret").isEmpty();
  }
}
