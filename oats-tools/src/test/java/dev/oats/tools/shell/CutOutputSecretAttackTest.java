package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.redact.Redactor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A command's output over 64 KB keeps its first 48 KB and last 16 KB. A secret that straddles a cut
 * shows only in part, and a part is no longer the value the redactor knows or the pattern it
 * matches; a read-only line can place the cut ({@code echo $(cat oats.yaml) $(seq 1 2000)} puts the
 * config on one long line and chooses how much follows it). So the text next to a cut is dropped
 * back to where a value cannot run on: the end of a line, or a blank or quote on a long one.
 */
class CutOutputSecretAttackTest {

  private static final String TOKEN = "tok" + "9fQ2xLm7Rb4Kd8Zp".repeat(4);

  private static final Redactor REDACTOR = Redactor.withKnownSecrets(List.of(TOKEN));

  @Test
  void aSecretCutAtTheStartOfTheTailLeavesNoPieceOfItself() {
    StringBuilder out = new StringBuilder();
    for (int i = 1; out.length() < 70_000; i++) {
      out.append(i).append('\n');
    }
    // The tail (the last 16 KB) starts ten characters into the token, on a line too long to end
    // within the tail's first half.
    out.append("x".repeat(100)).append(TOKEN);
    int rest = OutputCapture.TAIL_BYTES + 10 - TOKEN.length();
    String padded = out.append(' ').append("5".repeat(rest - 2)).append('\n').toString();
    assertNoPieceOfTheToken(capture(padded));
  }

  @Test
  void aSecretCutAtTheEndOfTheHeadLeavesNoPieceOfItself() {
    // One long line: the head (the first 48 KB) ends ten characters before the token's end.
    int before = OutputCapture.HEAD_BYTES - TOKEN.length() + 10;
    String line = "w ".repeat(before / 2 + 1).substring(0, before);
    String output = line + TOKEN + " " + "y\n".repeat(20_000);
    assertNoPieceOfTheToken(capture(output));
  }

  @Test
  void theLinesAroundTheCutStillShow() {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= 20_000; i++) {
      out.append("line ").append(i).append('\n');
    }
    String rendered = capture(out.toString());
    assertThat(rendered).contains("line 1\n").contains("line 20000").contains("not shown");
  }

  private static String capture(String output) {
    OutputCapture capture =
        new OutputCapture(
            "stdout", new ByteArrayInputStream(output.getBytes(StandardCharsets.UTF_8)));
    capture.run();
    OutputCapture.Captured captured = capture.snapshot();
    assertThat(captured.isCut()).isTrue();
    return captured.render();
  }

  private static void assertNoPieceOfTheToken(String rendered) {
    String redacted = REDACTOR.redact(rendered);
    for (int i = 0; i + 12 <= TOKEN.length(); i++) {
      assertThat(redacted).as("piece at %d", i).doesNotContain(TOKEN.substring(i, i + 12));
    }
  }
}
