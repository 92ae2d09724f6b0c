package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A noisy pod's repeated line costs three lines and a count, not the whole log window. */
class LogRepeatsTest {

  @Test
  void runsOfLinesThatDifferOnlyInNumbersFoldToTheirFirstAndLast() {
    List<String> lines = new ArrayList<>();
    lines.add("2026-11-20T09:00:00Z INFO starting");
    for (int i = 0; i < 500; i++) {
      lines.add(
          "2026-11-20T09:%02d:%02dZ WARN retrying batch %d in 30s".formatted(i / 60, i % 60, i));
    }
    lines.add("2026-11-20T09:09:00Z ERROR gave up");

    LogRepeats.Folded folded = LogRepeats.fold(lines);

    assertThat(folded.foldedLines()).isEqualTo(498);
    assertThat(folded.lines())
        .containsExactly(
            "2026-11-20T09:00:00Z INFO starting",
            "2026-11-20T09:00:00Z WARN retrying batch 0 in 30s",
            "  [… 498 similar lines folded …]",
            "2026-11-20T09:08:19Z WARN retrying batch 499 in 30s",
            "2026-11-20T09:09:00Z ERROR gave up");
  }

  @Test
  void shortRunsAndDifferentLinesAreKept() {
    List<String> lines = List.of("a 1", "a 2", "b", "c 3");

    assertThat(LogRepeats.fold(lines).lines()).isEqualTo(lines);
  }
}
