package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExcerptTest {

  /**
   * The plain searches find what the case-insensitive expression they replaced found: ASCII case is
   * ignored, other characters are not folded (the Kelvin sign is no k).
   */
  @Test
  void troubleIsFoundAsTheCaseInsensitiveExpressionFoundIt() {
    Pattern before =
        Pattern.compile(
            "(?i)error|warn|fail|fatal|exception|panic|denied|forbidden|killed|oom|refused"
                + "|timeout|timed out|crash|backoff|unhealthy|not found|evict|unschedulable"
                + "|exit code");
    List<String> lines =
        List.of(
            "2026-12-06 ERROR payment failed",
            "Warning: disk",
            "all fine",
            "request TIMED OUT",
            "timed  out",
            "Not Found",
            "\u212Aill -9",
            "Exit Code 137",
            "OOMKilled",
            "\u00c9VICT",
            "ReFuSeD",
            "backOff 5m",
            "UnSchedulable",
            "",
            "panicked",
            "zoom in",
            "Forbidden",
            "\u0130rror");
    for (String line : lines) {
      assertThat(Excerpt.looksLikeTrouble(line)).as(line).isEqualTo(before.matcher(line).find());
    }
  }

  /**
   * The excerpts work on positions in the text rather than on copies of its lines, and search each
   * word through the whole text: they must come out character for character as the line-by-line
   * version made them, whatever the line breaks ({@code \\n}, {@code \\r}, {@code \\r\\n}, blank
   * lines), long lines clipped with a trouble word on either side of the cut, case and numbers.
   */
  @Test
  void excerptsAreExactlyWhatTheLineByLineVersionMade() {
    java.util.Random random = new java.util.Random(14);
    String[] words = {
      "ok", "ERROR", "Warn", "fatal", "Caused by:", "OOMKilled", "not found", "timed out", "x",
      "request", "12", "7d9f", "\u00e9t\u00e9", "exit code 137", "refused", " ", "\t", "EvIcTeD"
    };
    String[] breaks = {"\n", "\n", "\n", "\r\n", "\r", "\n\n"};
    for (int sample = 0; sample < 400; sample++) {
      StringBuilder text = new StringBuilder();
      int lines = 1 + random.nextInt(200);
      for (int line = 0; line < lines; line++) {
        int length = random.nextInt(10) == 0 ? 380 + random.nextInt(60) : random.nextInt(120);
        StringBuilder one = new StringBuilder();
        while (one.length() < length) {
          one.append(words[random.nextInt(words.length)]).append(random.nextInt(3) == 0 ? "" : " ");
        }
        text.append(one).append(breaks[random.nextInt(breaks.length)]);
      }
      if (random.nextBoolean()) {
        text.setLength(text.length() - 1);
      }
      if (random.nextInt(4) == 0) {
        text.append("\n[12 of 900 lines (40,000 characters) kept to fit]");
      }
      String t = text.toString();
      for (int max : new int[] {300, 600, 1_500, 4_000, 16_000}) {
        assertThat(Excerpt.of(t, max, "to fit"))
            .as("of %d", max)
            .isEqualTo(ExcerptBefore.of(t, max, "to fit"));
        assertThat(Excerpt.evidence(t, max, "to fit"))
            .as("evidence %d", max)
            .isEqualTo(ExcerptBefore.evidence(t, max, "to fit"));
        assertThat(Excerpt.evidence(t, max, "to fit", "read more"))
            .as("evidence with a way to the rest %d", max)
            .isEqualTo(ExcerptBefore.evidence(t, max, "to fit", "read more"));
      }
    }
    // A trouble word cut by the clipping of a long line, and one just inside it.
    String cut = "a".repeat(397) + "error\n" + "b".repeat(395) + "error\n" + "ok\n".repeat(2_000);
    assertThat(Excerpt.of(cut, 1_000, "x")).isEqualTo(ExcerptBefore.of(cut, 1_000, "x"));
    assertThat(Excerpt.evidence(cut, 1_000, "x"))
        .isEqualTo(ExcerptBefore.evidence(cut, 1_000, "x"));
  }

  /**
   * An output's evidence excerpt is made from the capped text with the lines and trouble words the
   * cap found in its own pass: it must come out as the line-by-line version makes it from that text
   * (and as the excerpt makes it from an equal text it did not cap), on random outputs of every
   * kind of line break, long clipped lines with a trouble word either side of the clip, severe-only
   * lines ("Caused by:") and texts that already end in an excerpt's note.
   */
  @Test
  void evidenceOfACappedOutputIsWhatItIsOfTheSameTextReadAnew() {
    java.util.Random random = new java.util.Random(1407);
    String[] words = {
      "ok", "ERROR", "Warn", "fatal", "Caused by:", "OOMKilled", "not found", "timed out", "x",
      "request", "12", "7d9f", "\u00e9t\u00e9", "exit code 137", "refused", " ", "\t", "EvIcTeD",
      "[", "]", "cut", "lines"
    };
    String[] breaks = {"\n", "\n", "\n", "\r\n", "\r", "\n\n"};
    int reused = 0;
    for (int sample = 0; sample < 300; sample++) {
      StringBuilder text = new StringBuilder();
      int lines = 1 + random.nextInt(400);
      for (int line = 0; line < lines; line++) {
        int length = random.nextInt(10) == 0 ? 380 + random.nextInt(60) : random.nextInt(120);
        StringBuilder one = new StringBuilder();
        while (one.length() < length) {
          one.append(words[random.nextInt(words.length)]).append(random.nextInt(3) == 0 ? "" : " ");
        }
        text.append(one).append(breaks[random.nextInt(breaks.length)]);
      }
      if (random.nextBoolean()) {
        text.setLength(text.length() - 1);
      }
      if (random.nextInt(4) == 0) {
        text.append("\n[12 of 900 lines (40,000 characters) kept to fit]");
      }
      String t = text.toString();
      for (int cap : new int[] {600, 4_000, 16_000}) {
        String why = random.nextBoolean() ? "to fit the output limit" : "to fit, exception or not";
        String capped = Excerpt.of(t, cap, why);
        if (capped == t) {
          continue;
        }
        for (int max : new int[] {150, 300, 1_500, 3_000}) {
          assertThat(Excerpt.cappedAnalysis(capped)).as("the cap's analysis is kept").isNotNull();
          reused++;
          String evidence = Excerpt.evidence(capped, max, "to fit", "read more");
          assertThat(evidence)
              .as("evidence %d of a text capped at %d", max, cap)
              .isEqualTo(ExcerptBefore.evidence(capped, max, "to fit", "read more"))
              .isEqualTo(Excerpt.evidence(new String(capped), max, "to fit", "read more"));
        }
      }
    }
    assertThat(reused).isGreaterThan(1_000);
    // An equal text that is not the one the cap returned is read anew.
    String capped = Excerpt.of("error\n".repeat(3_000), 1_000, "x");
    assertThat(Excerpt.cappedAnalysis(new String(capped))).isNull();
  }

  /**
   * A trouble line's kind, in an evidence excerpt, is its shape as shown with each run of digits
   * one {@code #}: the shapes are compared where the lines lie in the text, not made strings, and
   * must tell what the strings tell. Lines with {@code #} of their own, digits either side of where
   * a long line is clipped, and a short line that ends as a clipped one does.
   */
  @Test
  void linesHaveTheShapeThatWritingEachRunOfDigitsAsAHashGives() {
    java.util.Random random = new java.util.Random(7);
    String[] parts = {
      "a", "b", "#", "1", "22", "0", "9", "x1", " ", "... [line cut]", "-", "\u00e9"
    };
    java.util.regex.Pattern digits = java.util.regex.Pattern.compile("[0-9]+");
    for (int sample = 0; sample < 300; sample++) {
      StringBuilder text = new StringBuilder();
      int count = 2 + random.nextInt(40);
      for (int line = 0; line < count; line++) {
        int length = random.nextInt(5) == 0 ? 395 + random.nextInt(12) : random.nextInt(12);
        StringBuilder one = new StringBuilder();
        while (one.length() < length) {
          one.append(parts[random.nextInt(parts.length)]);
        }
        text.append(one).append('\n');
      }
      Excerpt.Lines lines = new Excerpt.Lines(text.toString());
      String[] shapes = new String[lines.count];
      for (int i = 0; i < lines.count; i++) {
        shapes[i] = digits.matcher(lines.line(i)).replaceAll("#");
        assertThat(lines.shapeHash(i)).as(shapes[i]).isEqualTo(shapes[i].hashCode());
      }
      for (int i = 0; i < lines.count; i++) {
        for (int j = 0; j < lines.count; j++) {
          assertThat(lines.sameShape(i, j))
              .as("%s / %s", lines.line(i), lines.line(j))
              .isEqualTo(shapes[i].equals(shapes[j]));
        }
      }
    }
  }

  @Test
  void shortTextIsUntouched() {
    assertThat(Excerpt.of("a\nb", 100, "x")).isEqualTo("a\nb");
  }

  @Test
  void keepsHeadTailAndTroubleFromTheMiddleWithinTheLimit() {
    String log =
        IntStream.range(0, 1_000)
            .mapToObj(i -> i == 500 ? "line 500 ERROR connection refused" : "line " + i + " ok")
            .collect(Collectors.joining("\n"));

    String excerpt = Excerpt.of(log, 1_000, "to fit the output limit");

    assertThat(excerpt)
        .startsWith("line 0 ok\n")
        .contains("line 500 ERROR connection refused")
        .contains("line 999 ok")
        .contains("lines cut")
        .contains("of 1000 lines")
        .contains("to fit the output limit");
    assertThat(excerpt.length()).isLessThan(1_300);
  }

  @Test
  void aSingleHugeLineIsClipped() {
    String excerpt = Excerpt.of("x".repeat(50_000), 2_000, "to fit");

    assertThat(excerpt).contains("[line cut]").hasSizeLessThan(700);
  }

  @Test
  void evidenceKeepsTheMostSevereLinesFirstAndEachKindOnce() {
    StringBuilder log = new StringBuilder("$ kubectl logs app\n");
    for (int i = 0; i < 300; i++) {
      log.append("line ").append(i).append(" INFO ok\n");
      if (i % 20 == 0) {
        log.append("line ").append(i).append(" WARN slow upstream, retrying\n");
      }
      if (i == 250) {
        log.append("Caused by: PSQLException: FATAL: password authentication failed\n");
      }
    }

    String excerpt = Excerpt.evidence(log.toString(), 300, "to fit the context budget");

    assertThat(excerpt)
        .startsWith("$ kubectl logs app\n")
        .contains("Caused by: PSQLException: FATAL: password authentication failed")
        .contains("line 299 INFO ok")
        .contains("kept to fit the context budget");
    assertThat(excerpt.split("WARN slow upstream", -1)).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void evidenceSaysHowOftenEachKeptKindOccursAndHowToSeeTheRest() {
    StringBuilder log = new StringBuilder("$ kubectl logs app\n");
    for (int i = 0; i < 300; i++) {
      log.append("line ").append(i).append(" INFO ok\n");
      if (i % 20 == 10) {
        log.append("line ").append(i).append(" WARN slow upstream, retrying\n");
      }
    }

    String excerpt =
        Excerpt.evidence(log.toString(), 400, "on first sight", "read_output shows the rest");

    assertThat(excerpt)
        .contains("line 10 WARN slow upstream, retrying [+14 more like this]")
        .endsWith("kept on first sight; read_output shows the rest]");
  }
}
